<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AssetRegistryPlugin</name>
    <message>
        <location filename="../gui/plugin.py" line="200"/>
        <source>Asset Registry</source>
        <translation>市政部件登记</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="49"/>
        <source>Add streetlight layer</source>
        <translation>添加路灯图层</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="51"/>
        <source>Create cases from selected assets…</source>
        <translation>从所选部件创建案卷…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="53"/>
        <source>Validate a delivery…</source>
        <translation>检查成果数据…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="54"/>
        <source>Registry connection…</source>
        <translation>登记库连接…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="141"/>
        <source>Registry connection</source>
        <translation>登记库连接</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="141"/>
        <source>libpq connection string (empty: the local demo database)</source>
        <translation>libpq 连接串（留空用本地演示库）</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="46"/>
        <source>Open the registry project</source>
        <translation>打开登记库工程</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="56"/>
        <source>Submissions</source>
        <translation>提交记录</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="188"/>
        <source>Field mapping…</source>
        <translation>字段映射…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="183"/>
        <source>Delivery to map</source>
        <translation>选择要映射的交付文件</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="188"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="55"/>
        <source>Indicators panel</source>
        <translation>指标面板</translation>
    </message>
</context>
<context>
    <name>AssetRegistryProvider</name>
    <message>
        <location filename="../processing/provider.py" line="29"/>
        <source>Asset registry</source>
        <translation>市政部件登记</translation>
    </message>
</context>
<context>
    <name>CreateProject</name>
    <message>
        <location filename="../processing/create_project.py" line="27"/>
        <source>Create the registry project</source>
        <translation>生成登记库工程</translation>
    </message>
    <message>
        <location filename="../processing/create_project.py" line="30"/>
        <source>Registry</source>
        <translation>登记库</translation>
    </message>
    <message>
        <location filename="../processing/create_project.py" line="36"/>
        <source>Writes the registry&apos;s QGIS project: a layer group per asset family (a layer for each geometry type the standard allows, usable when the table is empty), the administrative areas and unit grids, the city&apos;s CRS, styles by status, identifier labels by scale, and map themes by status, by maintainer and by road class. The same project as `assetreg project` and the menu&apos;s Open the registry project.</source>
        <translation>生成登记库的 QGIS 工程：每个部件大类一个图层组（规范允许的每种几何类型一个图层，空表亦可用）、行政区划与单元网格、城市坐标系、按状态分色的样式、随比例尺显示的标识码注记，以及按状态、按养护单位、按道路等级的地图主题。与 `assetreg project` 及菜单“打开登记库工程”生成的工程相同。</translation>
    </message>
    <message>
        <location filename="../processing/create_project.py" line="47"/>
        <source>City profile (empty: Zhuhai)</source>
        <translation>城市配置（留空：珠海）</translation>
    </message>
    <message>
        <location filename="../processing/create_project.py" line="48"/>
        <source>Connection (empty: the plugin&apos;s)</source>
        <translation>数据库连接（留空：插件设置）</translation>
    </message>
    <message>
        <location filename="../processing/create_project.py" line="49"/>
        <source>Project file</source>
        <translation>工程文件</translation>
    </message>
</context>
<context>
    <name>CreateWorkOrders</name>
    <message>
        <location filename="../processing/create_work_orders.py" line="51"/>
        <source>Create cases from selected assets</source>
        <translation>从所选部件创建案卷</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="99"/>
        <source>Cases</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="60"/>
        <source>Reports cases (stage reported) about the assets selected on a registry layer: one case linking all of them, or one case per asset. The matter code is the assets&apos; district code (the first 6 digits of the identifier) followed by the matter class, which must concern the layer&apos;s asset family. All cases are reported in one transaction, all or none. The same code as `assetreg wo create --matter-class`.</source>
        <translation>为登记库图层上所选的部件登记案卷（环节：上报）：一件案卷关联全部所选部件，或每个部件一件。事项代码 = 部件所在区县代码（标识码前6位）+ 事项类别；事项类别须适用于该图层的部件类别。全部案卷在一个事务中登记，要么全部成功，要么一件也不登记。与命令行 assetreg wo create --matter-class 使用同一程序。</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="75"/>
        <source>Asset layer (registry)</source>
        <translation>部件图层（登记库）</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="78"/>
        <source>Matter class</source>
        <translation>事项类别</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="83"/>
        <source>Source</source>
        <translation>案件来源</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="91"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="94"/>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="95"/>
        <source>One case per asset</source>
        <translation>每个部件一件案卷</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="96"/>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="97"/>
        <source>Reporter contact</source>
        <translation>上报人联系方式</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="98"/>
        <source>Connection (empty: the layer&apos;s)</source>
        <translation>数据库连接（留空：图层所在的登记库）</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="100"/>
        <source>Case ids (comma-separated)</source>
        <translation>案卷编号（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="101"/>
        <source>Case numbers (comma-separated)</source>
        <translation>案件编号（逗号分隔）</translation>
    </message>
</context>
<context>
    <name>ImportDelivery</name>
    <message>
        <location filename="../processing/import_delivery.py" line="29"/>
        <source>Insert (refused if any is registered)</source>
        <translation>新增（已有登记则拒绝）</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="30"/>
        <source>Update (registered ones only)</source>
        <translation>更新（仅已登记的）</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="31"/>
        <source>Insert and update</source>
        <translation>新增并更新</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="32"/>
        <source>Replace an area (needs an area code)</source>
        <translation>替换范围（需填范围代码）</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="35"/>
        <source>Inserted</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="36"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="37"/>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="38"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="39"/>
        <source>Rejected</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="61"/>
        <source>Import a delivery</source>
        <translation>导入成果数据</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="64"/>
        <source>Registry</source>
        <translation>登记库</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="86"/>
        <source>Delivery file</source>
        <translation>交付文件</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="91"/>
        <source>Asset family</source>
        <translation>部件类别</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="100"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="101"/>
        <source>City profile</source>
        <translation>城市配置</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="102"/>
        <source>Field mapping</source>
        <translation>字段映射</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="105"/>
        <source>Mode</source>
        <translation>导入方式</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="110"/>
        <source>Area code (replace an area)</source>
        <translation>替换范围代码</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="111"/>
        <source>Import the valid part</source>
        <translation>只导入合格要素</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="112"/>
        <source>Dry run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="113"/>
        <source>Confirm deleting what the delivery omits</source>
        <translation>确认删除范围内交付未提及的部件</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="120"/>
        <source>Connection (empty: the plugin&apos;s)</source>
        <translation>数据库连接（留空：插件设置）</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="130"/>
        <source>Submission</source>
        <translation>提交编号</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="91"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="121"/>
        <source>What the dry run would change</source>
        <translation>试导入将带来的变化</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="70"/>
        <source>Validates, then imports in one transaction: staging, comparison with the registry, promotion; either everything is imported or the registry stays as it was. Every import leaves a submission record; rejected features go to quarantine. The same code as `assetreg import`.

Replacing an area deletes only the area&apos;s assets the delivery does not mention at all, and only when &apos;Confirm deleting&apos; is ticked; otherwise nothing is imported and the assets it would delete are listed. A dry run shows them first, and adds to the map a layer of what would change: new, changed (with the fields), deleted and rejected.</source>
        <translation>先检查，再整批导入登记库：暂存、与登记库比对、在一个事务中写入，要么全部成功，要么登记库不变。每次导入都留下提交记录，不合格要素进入隔离区。与命令行 assetreg import 使用同一程序。

按范围替换只删除范围内交付完全没有提到的部件，并且必须勾选“确认删除”，否则不导入并列出将删除的部件；先试运行可查看。试运行还会把将发生的变化（新增、变更及其字段、删除、拒收）作为图层加入地图。</translation>
    </message>
</context>
<context>
    <name>IndicatorMap</name>
    <message>
        <location filename="../processing/kpi.py" line="168"/>
        <source>Indicator map by area</source>
        <translation>指标分区专题图</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="171"/>
        <source>A figure of an indicator (by default its main rate) of a month on the polygons of the districts, streets, communities or unit grids, graduated from red (low) to green (high), labelled with the figure and the word when the area misses its target. The same figures as the indicator table.</source>
        <translation>将某月某项指标的数值（默认为其主要比率）落到区、街道、社区或单元网格的面上，按数值由红（低）到绿（高）分级设色，并标注数值；未达标的区域另注“未达标”字样。数值与指标表相同。</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="182"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="188"/>
        <source>Areas</source>
        <translation>区域层级</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="189"/>
        <source>Figure (a column; empty: the main rate)</source>
        <translation>数值（列名；留空：主要比率）</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="193"/>
        <source>Indicator map</source>
        <translation>指标专题图</translation>
    </message>
</context>
<context>
    <name>IndicatorTable</name>
    <message>
        <location filename="../processing/kpi.py" line="112"/>
        <source>Indicator table</source>
        <translation>指标表</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="92"/>
        <source>One indicator of a month by a grouping, against its targets: every column `assetreg kpi` gives, as a table without geometry. A month that has a snapshot is read from it.</source>
        <translation>某月某项指标按分组统计并与目标值对照：包含 `assetreg kpi` 给出的全部列，输出为无几何的表。已保存快照的月份从快照读取。</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="102"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="106"/>
        <source>Grouping</source>
        <translation>分组</translation>
    </message>
</context>
<context>
    <name>KpiAlgorithm</name>
    <message>
        <location filename="../processing/kpi.py" line="60"/>
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="66"/>
        <source>Month (YYYY-MM; empty: this month)</source>
        <translation>月份（YYYY-MM；留空：本月）</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="68"/>
        <source>Connection (empty: the plugin&apos;s)</source>
        <translation>数据库连接（留空：插件设置）</translation>
    </message>
</context>
<context>
    <name>KpiDock</name>
    <message>
        <location filename="../gui/kpi_dock.py" line="317"/>
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="84"/>
        <source>Grouping</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="90"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="95"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="103"/>
        <source>Map by area</source>
        <translation>分区制图</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="104"/>
        <source>Adds a layer of the selected column (or the tab&apos;s main rate) by area</source>
        <translation>按区域添加所选列（或本页主要比率）的专题图层</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="107"/>
        <source>Select on map</source>
        <translation>在地图上选择</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="108"/>
        <source>Selects the lights off, the assets not intact or the cases behind the selected row</source>
        <translation>在地图上选择所选行背后的不亮路灯、不完好部件或案件</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="113"/>
        <source>Monthly bulletin…</source>
        <translation>月度通报…</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="163"/>
        <source>snapshot taken</source>
        <translation>快照保存于</translation>
    </message>
    <message>
        <location filename="../gui/kpi_dock.py" line="163"/>
        <source>computed live at</source>
        <translation>实时计算于</translation>
    </message>
</context>
<context>
    <name>LoadQuarantine</name>
    <message>
        <location filename="../processing/load_quarantine.py" line="35"/>
        <source>Load a submission&apos;s quarantine</source>
        <translation>加载提交的隔离要素</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="38"/>
        <source>Registry</source>
        <translation>登记库</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="44"/>
        <source>Writes the features a submission could not import, as delivered, with their findings, to a GeoPackage and adds it to the map styled by rule. The same layer as `assetreg quarantine export`.</source>
        <translation>将某次提交未能导入的要素（保持交付原样，附校验问题）写入 GeoPackage，并按规则分类着色加入地图。与命令行 assetreg quarantine export 输出同一图层。</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="53"/>
        <source>Submission</source>
        <translation>提交编号</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="56"/>
        <source>Quarantined features</source>
        <translation>隔离要素</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="65"/>
        <source>Connection (empty: the plugin&apos;s)</source>
        <translation>数据库连接（留空：插件设置）</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="66"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <location filename="../gui/mapping_dialog.py" line="57"/>
        <source>Field mapping</source>
        <translation>字段映射</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="67"/>
        <source>Each column of the delivery and the standard field it goes to; the findings are those of the first rows with the mapping chosen.</source>
        <translation>交付文件的每一列及其对应的规范字段；右侧问题为按当前映射检查前若干行的结果。</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="86"/>
        <source>Delivery column</source>
        <translation>交付字段</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="86"/>
        <source>Standard field</source>
        <translation>规范字段</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="86"/>
        <source>Sample values</source>
        <translation>样例值</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="86"/>
        <source>Findings</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="104"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="106"/>
        <source>Save the mapping…</source>
        <translation>保存映射…</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="108"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="118"/>
        <source>(not used)</source>
        <translation>（不使用）</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="216"/>
        <source>Save the mapping</source>
        <translation>保存映射</translation>
    </message>
    <message>
        <location filename="../gui/mapping_dialog.py" line="77"/>
        <source>Coordinates&apos; CRS (when the file states none):</source>
        <translation>坐标的坐标系（文件未声明时）：</translation>
    </message>
</context>
<context>
    <name>MonthlyReport</name>
    <message>
        <location filename="../processing/kpi.py" line="231"/>
        <source>Monthly bulletin</source>
        <translation>月度通报</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="234"/>
        <source>The month&apos;s bulletin as PDF or HTML, from the print layout template bulletin.qpt: the indicators by district against their targets, the ranking with its red and black lists, trend charts, maps of the lighting rate by unit grid and of open and overdue cases, the most repeated problems and the snapshot the figures come from. The same bulletin as `assetreg report monthly`.</source>
        <translation>按打印版面模板 bulletin.qpt 生成某月的月度通报（PDF 或 HTML）：按区的各项指标与目标值对照、排名及红黑榜、趋势图、按单元网格的亮灯率地图与未结及超期案件地图、高发问题，以及数据所依据的快照。与 `assetreg report monthly` 生成的通报相同。</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="246"/>
        <source>Bulletin</source>
        <translation>通报文件</translation>
    </message>
</context>
<context>
    <name>SubmissionsDock</name>
    <message>
        <location filename="../gui/submissions_dock.py" line="61"/>
        <source>Submissions</source>
        <translation>提交记录</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="71"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="72"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="73"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="74"/>
        <source>Submitted by</source>
        <translation>提交人</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="75"/>
        <source>Submitted at</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="76"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="77"/>
        <source>Counts</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="78"/>
        <source>File SHA-256</source>
        <translation>文件 SHA-256</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="98"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="99"/>
        <source>Open report</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="100"/>
        <source>Load quarantine</source>
        <translation>加载隔离要素</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="101"/>
        <source>Resubmit a fixed file…</source>
        <translation>重新提交修正后的文件…</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="227"/>
        <source>The fixed delivery</source>
        <translation>修正后的交付文件</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="188"/>
        <source>There is no report of this submission to show.</source>
        <translation>此提交没有可查看的校验报告。</translation>
    </message>
</context>
<context>
    <name>ValidateSubmission</name>
    <message>
        <location filename="../processing/validate_submission.py" line="49"/>
        <source>Validate a delivery</source>
        <translation>检查成果数据</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="52"/>
        <source>Standard</source>
        <translation>基础数据规范</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="72"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="79"/>
        <source>Delivery file</source>
        <translation>交付文件</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="84"/>
        <source>Class (asset family or record)</source>
        <translation>类别（部件或记录）</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="92"/>
        <source>Layer (empty: every layer)</source>
        <translation>图层（留空检查全部）</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="93"/>
        <source>City profile (empty: the mapping&apos;s or the envelope&apos;s, else Zhuhai)</source>
        <translation>城市配置（留空：映射或交付说明所指，否则珠海）</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="100"/>
        <source>Field mapping</source>
        <translation>字段映射</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="109"/>
        <source>Delivery envelope</source>
        <translation>交付说明</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="118"/>
        <source>Report</source>
        <translation>检查报告</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="123"/>
        <source>Failing features</source>
        <translation>不合格要素</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="135"/>
        <source>Valid</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="136"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="137"/>
        <source>Valid features</source>
        <translation>合格要素</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="138"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="139"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="132"/>
        <source>Open the report when done</source>
        <translation>完成后打开报告</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="58"/>
        <source>Checks a delivery (GeoJSON, GeoPackage, Shapefile or its zip, CSV, XLSX) against the base-data standard and the city profile, with an optional field mapping and delivery envelope; writes the report as JSON or HTML and the failing features to a GeoPackage. The same checks as `assetreg validate`.

In QGIS the failing features are added to the map, styled by rule, and the HTML report opens in the browser.</source>
        <translation>按基础数据规范和城市配置检查一份交付数据（GeoJSON、GeoPackage、Shapefile 或其 zip、CSV、XLSX），可用字段映射和交付说明；报告写为 JSON 或 HTML，不合格要素可写入 GeoPackage 图层。与命令行 assetreg validate 使用同一检查程序。

在 QGIS 中，不合格要素会按规则分类着色加入地图，HTML 报告会在浏览器中打开。</translation>
    </message>
</context>
</TS>
