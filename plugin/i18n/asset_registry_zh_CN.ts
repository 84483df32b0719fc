<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AssetRegistryCasesDock</name>
    <message>
        <location filename="../gui/cases_dock.py" line="71"/>
        <source>Cases</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="100"/>
        <source>Open cases</source>
        <translation>未结案卷</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="100"/>
        <source>All stages</source>
        <translation>全部环节</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="103"/>
        <source>Handling overdue</source>
        <translation>超期处置</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="103"/>
        <source>Closing overdue</source>
        <translation>超期结案</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="103"/>
        <source>Any overdue</source>
        <translation>任一超期</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="104"/>
        <source>Overdue or not</source>
        <translation>不限超期</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="107"/>
        <source>All matter classes</source>
        <translation>全部事项类别</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="108"/>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="110"/>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="114"/>
        <source>All maintainers</source>
        <translation>全部处置单位</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="116"/>
        <source>Any time</source>
        <translation>不限时间</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="116"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="116"/>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="116"/>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="116"/>
        <source>Last year</source>
        <translation>近一年</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="124"/>
        <source>Mine</source>
        <translation>我的案卷</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="129"/>
        <source>Case number, asset identifier or address</source>
        <translation>案件编号、部件标识码或地址</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="131"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="134"/>
        <source>Cases on the map</source>
        <translation>在地图上显示案卷</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="190"/>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="190"/>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="190"/>
        <source>Matter class</source>
        <translation>事项类别</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="190"/>
        <source>Source</source>
        <translation>案件来源</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="190"/>
        <source>District</source>
        <translation>所在区</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="190"/>
        <source>Maintainer</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="190"/>
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="190"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="293"/>
        <source>Case</source>
        <translation>案卷详情</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="307"/>
        <source>Link selected assets</source>
        <translation>关联地图所选部件</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="310"/>
        <source>Unlink selected assets</source>
        <translation>解除所选部件关联</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="323"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="323"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="323"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="323"/>
        <source>From</source>
        <translation>原环节</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="323"/>
        <source>To</source>
        <translation>新环节</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="323"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="323"/>
        <source>Details</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>AssetRegistryPlugin</name>
    <message>
        <location filename="../gui/plugin.py" line="158"/>
        <source>Asset Registry</source>
        <translation>市政部件登记</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="47"/>
        <source>Add streetlight layer</source>
        <translation>添加路灯图层</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="49"/>
        <source>Create cases from selected assets…</source>
        <translation>从所选部件创建案卷…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="51"/>
        <source>Validate a delivery…</source>
        <translation>检查成果数据…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="52"/>
        <source>Registry connection…</source>
        <translation>登记库连接…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="133"/>
        <source>Registry connection</source>
        <translation>登记库连接</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="133"/>
        <source>libpq connection string (empty: the local demo database)</source>
        <translation>libpq 连接串（留空用本地演示库）</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="44"/>
        <source>Open the registry project</source>
        <translation>打开登记库工程</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="53"/>
        <source>Cases panel</source>
        <translation>案卷面板</translation>
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
    <name>CaseActionDialog</name>
    <message>
        <location filename="../gui/case_action_dialog.py" line="45"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../gui/case_action_dialog.py" line="46"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../gui/case_action_dialog.py" line="60"/>
        <source>Maintainer (handling unit)</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../gui/case_action_dialog.py" line="61"/>
        <source>Crew</source>
        <translation>班组</translation>
    </message>
    <message>
        <location filename="../gui/case_action_dialog.py" line="62"/>
        <source>Handling notes</source>
        <translation>处置说明</translation>
    </message>
    <message>
        <location filename="../gui/case_action_dialog.py" line="63"/>
        <source>Parts used</source>
        <translation>所用配件</translation>
    </message>
    <message>
        <location filename="../gui/case_action_dialog.py" line="64"/>
        <source>Cost (yuan)</source>
        <translation>费用（元）</translation>
    </message>
    <message>
        <location filename="../gui/case_action_dialog.py" line="65"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
</context>
<context>
    <name>CaseTransition</name>
    <message>
        <location filename="../processing/case_transition.py" line="38"/>
        <source>Move a case to its next stage</source>
        <translation>案卷流转（受理、派遣、处置、结案等）</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="41"/>
        <source>Cases</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="47"/>
        <source>Runs one action of the case life cycle (accept, register, dispatch, start, handle, verify, rework, close, defer, resume, cancel, rate) on the version of the case you last saw; a case changed meanwhile is refused: read it again. Refuse, rework, defer and cancel need a reason; dispatch needs the maintainer; handle needs notes; rate needs the satisfaction. The database decides whether your login may take the action now.</source>
        <translation>对案卷执行一步流转操作（受理、立案、派遣、开始处置、处置反馈、核查通过、返工、结案、缓办、恢复办理、作废、满意度评价），须依据你最后读取的案卷版本；案卷在此期间已被他人修改的将被拒绝，请重新读取。不予立案、返工、缓办和作废须填写原因；派遣须指定处置单位；处置反馈须填写处置说明；满意度评价须选择满意度。你的账号当前能否执行该操作由数据库判定。</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="61"/>
        <source>Case id</source>
        <translation>案卷 ID</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="62"/>
        <source>Version you last saw</source>
        <translation>你读取的版本</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="64"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="65"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="67"/>
        <source>Maintainer (handling unit)</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="68"/>
        <source>Crew</source>
        <translation>班组</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="69"/>
        <source>Handling notes</source>
        <translation>处置说明</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="70"/>
        <source>Parts used</source>
        <translation>所用配件</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="74"/>
        <source>Cost (yuan)</source>
        <translation>费用（元）</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="79"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="87"/>
        <source>Connection (empty: the plugin&apos;s)</source>
        <translation>连接（留空：使用插件的连接）</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="88"/>
        <source>New version</source>
        <translation>新版本</translation>
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
        <location filename="../processing/import_delivery.py" line="24"/>
        <source>Insert (refused if any is registered)</source>
        <translation>新增（已有登记则拒绝）</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="25"/>
        <source>Update (registered ones only)</source>
        <translation>更新（仅已登记的）</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="26"/>
        <source>Insert and update</source>
        <translation>新增并更新</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="27"/>
        <source>Replace an area (needs an area code)</source>
        <translation>替换范围（需填范围代码）</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="30"/>
        <source>Inserted</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="31"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="32"/>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="33"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="34"/>
        <source>Rejected</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="55"/>
        <source>Import a delivery</source>
        <translation>导入成果数据</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="58"/>
        <source>Registry</source>
        <translation>登记库</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="64"/>
        <source>Validates, then imports in one transaction: staging, comparison with the registry, promotion; either everything is imported or the registry stays as it was. Every import leaves a submission record; rejected features go to quarantine. The same code as `assetreg import`.

Replacing an area deletes only the area&apos;s assets the delivery does not mention at all, and only when &apos;Confirm deleting&apos; is ticked; otherwise nothing is imported and the assets it would delete are listed. A dry run shows them first.</source>
        <translation>先检查，再整批导入登记库：暂存、与登记库比对、在一个事务中写入，要么全部成功，要么登记库不变。每次导入都留下提交记录，不合格要素进入隔离区。与命令行 assetreg import 使用同一程序。

按范围替换只删除范围内交付完全没有提到的部件，并且必须勾选“确认删除”，否则不导入并列出将删除的部件；先试运行可查看。</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="79"/>
        <source>Delivery file</source>
        <translation>交付文件</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="84"/>
        <source>Asset family</source>
        <translation>部件类别</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="93"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="94"/>
        <source>City profile</source>
        <translation>城市配置</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="95"/>
        <source>Field mapping</source>
        <translation>字段映射</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="98"/>
        <source>Mode</source>
        <translation>导入方式</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="103"/>
        <source>Area code (replace an area)</source>
        <translation>替换范围代码</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="104"/>
        <source>Import the valid part</source>
        <translation>只导入合格要素</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="105"/>
        <source>Dry run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="106"/>
        <source>Confirm deleting what the delivery omits</source>
        <translation>确认删除范围内交付未提及的部件</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="113"/>
        <source>Connection (empty: the plugin&apos;s)</source>
        <translation>数据库连接（留空：插件设置）</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="114"/>
        <source>Submission</source>
        <translation>提交编号</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="84"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
</context>
<context>
    <name>LinkAssets</name>
    <message>
        <location filename="../processing/link_assets.py" line="35"/>
        <source>Link selected assets to a case</source>
        <translation>将所选部件关联到案卷</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="38"/>
        <source>Cases</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="44"/>
        <source>Links the assets of a registry layer (tick &apos;Selected features only&apos; for the map selection) to a case, or unlinks them when &apos;Unlink&apos; is ticked, on the version of the case you last saw. Editors and admins may change the assets of an open case; the change is an event of the case.</source>
        <translation>将登记库图层的部件（勾选“仅所选要素”即为地图上所选部件）关联到案卷，勾选“解除关联”则解除关联，须依据你最后读取的案卷版本。编辑和管理员可修改未结案卷的关联部件，每次修改记为案卷的一条流转记录。</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="54"/>
        <source>Asset layer (registry)</source>
        <translation>部件图层（登记库）</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="57"/>
        <source>Case id</source>
        <translation>案卷 ID</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="58"/>
        <source>Version you last saw</source>
        <translation>你读取的版本</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="59"/>
        <source>Unlink instead of link</source>
        <translation>解除关联（而非关联）</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="60"/>
        <source>Connection (empty: the layer&apos;s)</source>
        <translation>连接（留空：使用图层的连接）</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="61"/>
        <source>New version</source>
        <translation>新版本</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="62"/>
        <source>Assets</source>
        <translation>部件数</translation>
    </message>
</context>
<context>
    <name>ValidateSubmission</name>
    <message>
        <location filename="../processing/validate_submission.py" line="40"/>
        <source>Validate a delivery</source>
        <translation>检查成果数据</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="43"/>
        <source>Standard</source>
        <translation>基础数据规范</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="49"/>
        <source>Checks a delivery (GeoJSON, GeoPackage, Shapefile or its zip, CSV, XLSX) against the base-data standard and the city profile, with an optional field mapping and delivery envelope; writes the report as JSON or HTML and the failing features to a GeoPackage. The same checks as `assetreg validate`.</source>
        <translation>按基础数据规范和城市配置检查一份交付数据（GeoJSON、GeoPackage、Shapefile 或其 zip、CSV、XLSX），可用字段映射和交付说明；报告写为 JSON 或 HTML，不合格要素可写入 GeoPackage 图层。与命令行 assetreg validate 使用同一检查程序。</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="62"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="69"/>
        <source>Delivery file</source>
        <translation>交付文件</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="74"/>
        <source>Class (asset family or record)</source>
        <translation>类别（部件或记录）</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="82"/>
        <source>Layer (empty: every layer)</source>
        <translation>图层（留空检查全部）</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="83"/>
        <source>City profile (empty: the mapping&apos;s or the envelope&apos;s, else Zhuhai)</source>
        <translation>城市配置（留空：映射或交付说明所指，否则珠海）</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="90"/>
        <source>Field mapping</source>
        <translation>字段映射</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="99"/>
        <source>Delivery envelope</source>
        <translation>交付说明</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="108"/>
        <source>Report</source>
        <translation>检查报告</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="113"/>
        <source>Failing features</source>
        <translation>不合格要素</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="122"/>
        <source>Valid</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="123"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="124"/>
        <source>Valid features</source>
        <translation>合格要素</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="125"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="126"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
</context>
</TS>
