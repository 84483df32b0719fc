<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AreaDefaults</name>
    <message>
        <location filename="../processing/area_defaults.py" line="32"/>
        <source>Area defaults for new assets</source>
        <translation>新部件的区域默认值</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="35"/>
        <source>Sets, lists or clears the competent department and maintainer a new asset gets from the community, street or district it lies in (the most specific first; a family&apos;s own setting before the one for every family). Where no area sets them, the city profile&apos;s new_asset_defaults apply. Only editors and admins may change them. The same as `assetreg areas defaults`.</source>
        <translation>设定、列出或清除新部件按其所在社区、街道、区县取得的主管部门与养护单位（最具体的区域优先；某一大类专用的设定优先于“所有大类”）。都未设定时取城市配置的 new_asset_defaults。只有编辑人员与管理员可以修改。与 `assetreg areas defaults` 相同。</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="45"/>
        <source>Set</source>
        <translation>设定</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="45"/>
        <source>List</source>
        <translation>列出</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="45"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="46"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="47"/>
        <source>Area code (district 6, street 9, community 12 digits)</source>
        <translation>区域代码（区县 6 位、街道 9 位、社区 12 位）</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="52"/>
        <source>Every family</source>
        <translation>所有大类</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="53"/>
        <source>Family</source>
        <translation>部件大类</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="54"/>
        <source>Competent department code</source>
        <translation>主管部门代码</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="54"/>
        <source>Competent department name</source>
        <translation>主管部门名称</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="54"/>
        <source>Maintainer code</source>
        <translation>养护单位代码</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="54"/>
        <source>Maintainer name</source>
        <translation>养护单位名称</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="62"/>
        <source>Area defaults</source>
        <translation>区域默认值</translation>
    </message>
    <message>
        <location filename="../processing/area_defaults.py" line="63"/>
        <source>Area defaults as text</source>
        <translation>区域默认值（文本）</translation>
    </message>
</context>
<context>
    <name>AssetRegistryCasesDock</name>
    <message>
        <location filename="../gui/cases_dock.py" line="87"/>
        <source>Cases</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="117"/>
        <source>Open cases</source>
        <translation>未结案卷</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="117"/>
        <source>All stages</source>
        <translation>全部环节</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="120"/>
        <source>Handling overdue</source>
        <translation>超期处置</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="120"/>
        <source>Closing overdue</source>
        <translation>超期结案</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="120"/>
        <source>Any overdue</source>
        <translation>任一超期</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="121"/>
        <source>Overdue or not</source>
        <translation>不限超期</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="124"/>
        <source>All matter classes</source>
        <translation>全部事项类别</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="125"/>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="127"/>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="131"/>
        <source>All maintainers</source>
        <translation>全部处置单位</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="133"/>
        <source>Any time</source>
        <translation>不限时间</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="133"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="133"/>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="133"/>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="133"/>
        <source>Last year</source>
        <translation>近一年</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="141"/>
        <source>Mine</source>
        <translation>我的案卷</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="146"/>
        <source>Case number, asset identifier or address</source>
        <translation>案件编号、部件标识码或地址</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="148"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="151"/>
        <source>Cases on the map</source>
        <translation>在地图上显示案卷</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="241"/>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="241"/>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="241"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="241"/>
        <source>Matter class</source>
        <translation>事项类别</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="241"/>
        <source>Source</source>
        <translation>案件来源</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="241"/>
        <source>District</source>
        <translation>所在区</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="241"/>
        <source>Maintainer</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="241"/>
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="358"/>
        <source>Case</source>
        <translation>案卷详情</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="372"/>
        <source>Link selected assets</source>
        <translation>关联地图所选部件</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="375"/>
        <source>Unlink selected assets</source>
        <translation>解除所选部件关联</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="388"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="388"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="388"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="388"/>
        <source>From</source>
        <translation>原环节</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="388"/>
        <source>To</source>
        <translation>新环节</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="388"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="388"/>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../gui/cases_dock.py" line="189"/>
        <source>Reading the registry…</source>
        <translation>正在读取登记库…</translation>
    </message>
</context>
<context>
    <name>AssetRegistryPlugin</name>
    <message>
        <location filename="../gui/plugin.py" line="264"/>
        <source>Asset Registry</source>
        <translation>市政部件登记</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="54"/>
        <source>Add streetlight layer</source>
        <translation>添加路灯图层</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="56"/>
        <source>Create cases from selected assets…</source>
        <translation>从所选部件创建案卷…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="58"/>
        <source>Validate a delivery…</source>
        <translation>检查成果数据…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="59"/>
        <source>Registry connection…</source>
        <translation>登记库连接…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="51"/>
        <source>Open the registry project</source>
        <translation>打开登记库工程</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="60"/>
        <source>Indicators panel</source>
        <translation>指标面板</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="61"/>
        <source>Night lighting patrol…</source>
        <translation>夜间亮灯巡查…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="63"/>
        <source>Submissions</source>
        <translation>提交记录</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="235"/>
        <source>Field mapping…</source>
        <translation>字段映射…</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="230"/>
        <source>Delivery to map</source>
        <translation>选择要映射的交付文件</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="235"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../gui/plugin.py" line="77"/>
        <source>Cases panel</source>
        <translation>案卷面板</translation>
    </message>
</context>
<context>
    <name>AssetRegistryProvider</name>
    <message>
        <location filename="../processing/provider.py" line="38"/>
        <source>Asset registry</source>
        <translation>市政部件登记</translation>
    </message>
</context>
<context>
    <name>AttachFile</name>
    <message>
        <location filename="../processing/attach_file.py" line="27"/>
        <source>Attach a file to a case or an inspection</source>
        <translation>给案卷或巡查记录添加附件</translation>
    </message>
    <message>
        <location filename="../processing/attach_file.py" line="30"/>
        <source>Copies a photo or document into the attachment store, named by its SHA-256 (the same content is kept once), and records it for one case (its id) or one inspection record (its UUID): hash, size, type and address. The store is the one given, else ASSETREG_ATTACHMENT_STORE, else the city profile&apos;s attachment_store. The same code as `assetreg attach`.</source>
        <translation>把照片或文档复制到附件文件库，以其 SHA-256 命名（相同内容只存一份），并登记它属于哪个案卷（案卷 id）或哪条巡查记录（记录 UUID）：哈希、大小、类型和存放地址。文件库取填写的位置，否则取环境变量 ASSETREG_ATTACHMENT_STORE，否则取城市配置的 attachment_store。与 `assetreg attach` 使用同一代码。</translation>
    </message>
    <message>
        <location filename="../processing/attach_file.py" line="38"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../processing/attach_file.py" line="39"/>
        <source>Case id</source>
        <translation>案卷 id</translation>
    </message>
    <message>
        <location filename="../processing/attach_file.py" line="44"/>
        <source>Inspection record UUID</source>
        <translation>巡查记录 UUID</translation>
    </message>
    <message>
        <location filename="../processing/attach_file.py" line="45"/>
        <source>Attachment store (empty: the profile&apos;s)</source>
        <translation>附件文件库（留空：取城市配置）</translation>
    </message>
    <message>
        <location filename="../processing/attach_file.py" line="50"/>
        <source>Attachment id</source>
        <translation>附件 id</translation>
    </message>
    <message>
        <location filename="../processing/attach_file.py" line="51"/>
        <source>SHA-256 hash</source>
        <translation>SHA-256 哈希值</translation>
    </message>
    <message>
        <location filename="../processing/attach_file.py" line="52"/>
        <source>Stored at</source>
        <translation>存放地址</translation>
    </message>
</context>
<context>
    <name>AttachmentsWidget</name>
    <message>
        <location filename="../gui/attachments_widget.py" line="78"/>
        <source>Drop photos or documents here to attach them; double-click one to open it.</source>
        <translation>把照片或文档拖到这里即可添加；双击附件打开。</translation>
    </message>
    <message>
        <location filename="../gui/attachments_widget.py" line="81"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../gui/attachments_widget.py" line="125"/>
        <source>Attachments ({count})</source>
        <translation>附件（{count}）</translation>
    </message>
    <message>
        <location filename="../gui/attachments_widget.py" line="136"/>
        <source>{name}
(changed or missing)</source>
        <translation>{name}
（已改动或丢失）</translation>
    </message>
    <message>
        <location filename="../gui/attachments_widget.py" line="141"/>
        <source>{name}
{size} bytes · {type}
SHA-256 {sha256}
added by {who}</source>
        <translation>{name}
{size} 字节 · {type}
SHA-256 {sha256}
添加人 {who}</translation>
    </message>
    <message>
        <location filename="../gui/attachments_widget.py" line="179"/>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location filename="../gui/attachments_widget.py" line="266"/>
        <source>Save the record first; then photos and documents can be attached.</source>
        <translation>请先保存记录，然后即可添加照片和文档。</translation>
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
    <name>CaseRepeats</name>
    <message>
        <location filename="../processing/case_repeats.py" line="77"/>
        <source>Repeated complaints</source>
        <translation>重复投诉</translation>
    </message>
    <message>
        <location filename="../processing/case_repeats.py" line="60"/>
        <source>The cases reported in a period that repeat an earlier case: about the same asset, or of the same matter class within the city profile&apos;s distance (indicators.cases.repeats: 50 m unless set), reported within its number of days (30 unless set). A point layer, each case with the earlier case it repeats. The same list as `assetreg kpi repeats`.</source>
        <translation>一段时间内上报、与较早案卷重复的案卷：涉及同一部件，或同一事项类别且在城市配置的距离内（indicators.cases.repeats，未设置时为 50 米），并在其天数内上报（未设置时为 30 天）。输出点图层，每件附其重复的较早案卷。与 `assetreg kpi repeats` 列出的相同。</translation>
    </message>
    <message>
        <location filename="../processing/case_repeats.py" line="68"/>
        <source>Period (YYYY-MM, or YYYY-MM-DD/YYYY-MM-DD; empty: this month)</source>
        <translation>时段（YYYY-MM，或 YYYY-MM-DD/YYYY-MM-DD；留空为本月）</translation>
    </message>
</context>
<context>
    <name>CaseStep</name>
    <message>
        <location filename="../processing/case_steps.py" line="47"/>
        <source>Return, supervise, urge, reply to or handle a case on the spot</source>
        <translation>案卷回退、督办、催办、回复或即知即办</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="50"/>
        <source>One step of a case, on the version last seen. Return: the crew sends a wrongly dispatched case back for re-dispatch (the text is the reason). Supervise or urge: recorded on an open case, its stage unchanged (editors, administrators). Reply: the reporter told how (a reply channel code: sms, phone, app, wechat, other) and what; a citizen&apos;s case cannot close before it. On the spot: the collector who reported the case handles and closes it, with a note or an attachment of the case. The same code as `assetreg wo return|supervise|urge|reply|on-the-spot`.</source>
        <translation>对案卷执行一步操作，版本须为最后看到的版本。回退：被派错的班组说明理由（填在文字中）退回，等待重新派遣。督办或催办：记入未结束的案卷，环节不变（编辑、管理员）。回复：告知上报人的方式（回复方式代码：sms 短信、phone 电话、app 移动应用、wechat 微信、other 其他）与内容；市民来源的案卷未回复不能结案。即知即办：上报的采集员当场处置并结案，需处置说明或案卷附件作凭据。与 `assetreg wo return|supervise|urge|reply|on-the-spot` 为同一代码。</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="60"/>
        <source>Case id</source>
        <translation>案卷 id</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="63"/>
        <source>Version last seen</source>
        <translation>最后看到的版本</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="69"/>
        <source>Return</source>
        <translation>回退</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="70"/>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="71"/>
        <source>Urge</source>
        <translation>催办</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="72"/>
        <source>Reply to the reporter</source>
        <translation>回复上报人</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="73"/>
        <source>On the spot</source>
        <translation>即知即办</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="76"/>
        <source>Step</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="79"/>
        <source>Reason, note or reply text</source>
        <translation>理由、说明或回复内容</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="82"/>
        <source>Reply channel</source>
        <translation>回复方式</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="83"/>
        <source>Attachment id (evidence)</source>
        <translation>附件 id（凭据）</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="93"/>
        <source>New version</source>
        <translation>新版本</translation>
    </message>
</context>
<context>
    <name>CaseTransition</name>
    <message>
        <location filename="../processing/case_transition.py" line="34"/>
        <source>Move a case to its next stage</source>
        <translation>案卷流转（受理、派遣、处置、结案等）</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="37"/>
        <source>Runs one action of the case life cycle (accept, register, dispatch, start, handle, verify, rework, close, defer, resume, cancel, rate) on the version of the case you last saw; a case changed meanwhile is refused: read it again. Refuse, rework, defer and cancel need a reason; dispatch needs the maintainer; handle needs notes; rate needs the satisfaction. The database decides whether your login may take the action now.</source>
        <translation>对案卷执行一步流转操作（受理、立案、派遣、开始处置、处置反馈、核查通过、返工、结案、缓办、恢复办理、作废、满意度评价），须依据你最后读取的案卷版本；案卷在此期间已被他人修改的将被拒绝，请重新读取。不予立案、返工、缓办和作废须填写原因；派遣须指定处置单位；处置反馈须填写处置说明；满意度评价须选择满意度。你的账号当前能否执行该操作由数据库判定。</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="48"/>
        <source>Case id</source>
        <translation>案卷 ID</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="49"/>
        <source>Version you last saw</source>
        <translation>你读取的版本</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="51"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="52"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="54"/>
        <source>Maintainer (handling unit)</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="55"/>
        <source>Crew</source>
        <translation>班组</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="56"/>
        <source>Handling notes</source>
        <translation>处置说明</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="57"/>
        <source>Parts used</source>
        <translation>所用配件</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="61"/>
        <source>Cost (yuan)</source>
        <translation>费用（元）</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="66"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../processing/case_transition.py" line="75"/>
        <source>New version</source>
        <translation>新版本</translation>
    </message>
</context>
<context>
    <name>CasesFromInspections</name>
    <message>
        <location filename="../processing/cases_from_inspections.py" line="26"/>
        <source>Create cases from inspection findings</source>
        <translation>由巡查发现登记案卷</translation>
    </message>
    <message>
        <location filename="../processing/cases_from_inspections.py" line="29"/>
        <source>Reports one case per finding of the inspections that still stands and has no open case: a light found unlit at night, or an asset found in a defect state of the city profile (inspection_findings). Narrow the inspections to one delivery (submission) or to those since a moment. All cases are reported in one transaction. A dry run only lists the findings. The same code as `assetreg wo from-inspections`.</source>
        <translation>为巡查中仍然存在、且尚无未结案卷的每一项发现登记一个案卷：夜间巡查不亮的路灯，或部件状态为城市配置（inspection_findings）所列缺陷之一。可只看某次提交（一次交付）的巡查记录，或某一时刻以后的记录。所有案卷在一个事务中登记。试运行只列出发现，不登记。与 `assetreg wo from-inspections` 使用同一代码。</translation>
    </message>
    <message>
        <location filename="../processing/cases_from_inspections.py" line="37"/>
        <source>Only the inspections of submission</source>
        <translation>只看此次提交的巡查记录</translation>
    </message>
    <message>
        <location filename="../processing/cases_from_inspections.py" line="43"/>
        <source>Only inspections since</source>
        <translation>只看此时刻以后的巡查记录</translation>
    </message>
    <message>
        <location filename="../processing/cases_from_inspections.py" line="44"/>
        <source>Dry run: list, report nothing</source>
        <translation>试运行：只列出，不登记</translation>
    </message>
    <message>
        <location filename="../processing/cases_from_inspections.py" line="47"/>
        <source>Findings</source>
        <translation>发现数</translation>
    </message>
    <message>
        <location filename="../processing/cases_from_inspections.py" line="48"/>
        <source>Cases reported</source>
        <translation>已登记案卷数</translation>
    </message>
    <message>
        <location filename="../processing/cases_from_inspections.py" line="49"/>
        <source>Case ids (comma-separated)</source>
        <translation>案卷编号（逗号分隔）</translation>
    </message>
</context>
<context>
    <name>CheckConnection</name>
    <message>
        <location filename="../processing/check_connection.py" line="21"/>
        <source>Test the registry connection</source>
        <translation>测试登记库连接</translation>
    </message>
    <message>
        <location filename="../processing/check_connection.py" line="24"/>
        <source>Connects as the plugin&apos;s connection (or the one given) says and reports the login, the registry role it gives and the standard the registry follows; warns when the login is a superuser. The same test as the connection dialog and `assetreg db check`.</source>
        <translation>按插件的连接（或给定的连接）连接登记库，报告登录名、它拥有的登记库角色与登记库遵循的规范版本；登录名是超级用户时给出警告。与连接对话框的“测试连接”和 `assetreg db check` 相同。</translation>
    </message>
    <message>
        <location filename="../processing/check_connection.py" line="32"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../processing/check_connection.py" line="33"/>
        <source>Registry roles</source>
        <translation>登记库角色</translation>
    </message>
    <message>
        <location filename="../processing/check_connection.py" line="34"/>
        <source>Standard version</source>
        <translation>规范版本</translation>
    </message>
    <message>
        <location filename="../processing/check_connection.py" line="35"/>
        <source>Superuser</source>
        <translation>超级用户</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <location filename="../gui/connection_dialog.py" line="55"/>
        <source>Registry connection</source>
        <translation>登记库连接</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="60"/>
        <source>A service of pg_service.conf</source>
        <translation>pg_service.conf 中的连接服务</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="60"/>
        <source>Host, port and database, with a QGIS authentication configuration</source>
        <translation>主机、端口与数据库，配合 QGIS 认证配置</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="60"/>
        <source>The local demo registry</source>
        <translation>本地演示登记库</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="74"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="103"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="120"/>
        <source>from the authentication configuration</source>
        <translation>取自认证配置</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="123"/>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="124"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="125"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="126"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../gui/connection_dialog.py" line="127"/>
        <source>Authentication</source>
        <translation>认证</translation>
    </message>
</context>
<context>
    <name>CreateProject</name>
    <message>
        <location filename="../processing/create_project.py" line="20"/>
        <source>Create the registry project</source>
        <translation>生成登记库工程</translation>
    </message>
    <message>
        <location filename="../processing/create_project.py" line="23"/>
        <source>Writes the registry&apos;s QGIS project: a layer group per asset family (a layer for each geometry type the standard allows, usable when the table is empty), the administrative areas and unit grids, the city&apos;s CRS, styles by status, identifier labels by scale, and map themes by status, by maintainer and by road class. The same project as `assetreg project` and the menu&apos;s Open the registry project.</source>
        <translation>生成登记库的 QGIS 工程：每个部件大类一个图层组（规范允许的每种几何类型一个图层，空表亦可用）、行政区划与单元网格、城市坐标系、按状态分色的样式、随比例尺显示的标识码注记，以及按状态、按养护单位、按道路等级的地图主题。与 `assetreg project` 及菜单“打开登记库工程”生成的工程相同。</translation>
    </message>
    <message>
        <location filename="../processing/create_project.py" line="33"/>
        <source>Project file</source>
        <translation>工程文件</translation>
    </message>
</context>
<context>
    <name>CreateWorkOrders</name>
    <message>
        <location filename="../processing/create_work_orders.py" line="48"/>
        <source>Create cases from selected assets</source>
        <translation>从所选部件创建案卷</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="87"/>
        <source>Cases</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="51"/>
        <source>Reports cases (stage reported) about the assets selected on a registry layer: one case linking all of them, or one case per asset. The matter code is the assets&apos; district code (the first 6 digits of the identifier) followed by the matter class, which must concern the layer&apos;s asset family. All cases are reported in one transaction, all or none. The same code as `assetreg wo create --matter-class`.</source>
        <translation>为登记库图层上所选的部件登记案卷（环节：上报）：一件案卷关联全部所选部件，或每个部件一件。事项代码 = 部件所在区县代码（标识码前6位）+ 事项类别；事项类别须适用于该图层的部件类别。全部案卷在一个事务中登记，要么全部成功，要么一件也不登记。与命令行 assetreg wo create --matter-class 使用同一程序。</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="63"/>
        <source>Asset layer (registry)</source>
        <translation>部件图层（登记库）</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="66"/>
        <source>Matter class</source>
        <translation>事项类别</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="71"/>
        <source>Source</source>
        <translation>案件来源</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="79"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="82"/>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="83"/>
        <source>One case per asset</source>
        <translation>每个部件一件案卷</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="84"/>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="85"/>
        <source>Reporter contact</source>
        <translation>上报人联系方式</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="88"/>
        <source>Case ids (comma-separated)</source>
        <translation>案卷编号（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/create_work_orders.py" line="89"/>
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
        <location filename="../processing/import_delivery.py" line="58"/>
        <source>Import a delivery</source>
        <translation>导入成果数据</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="74"/>
        <source>Delivery file</source>
        <translation>交付文件</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="79"/>
        <source>Asset family</source>
        <translation>部件类别</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="88"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="89"/>
        <source>City profile</source>
        <translation>城市配置</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="90"/>
        <source>Field mapping</source>
        <translation>字段映射</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="93"/>
        <source>Mode</source>
        <translation>导入方式</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="98"/>
        <source>Area code (replace an area)</source>
        <translation>替换范围代码</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="99"/>
        <source>Import the valid part</source>
        <translation>只导入合格要素</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="100"/>
        <source>Dry run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="101"/>
        <source>Confirm deleting what the delivery omits</source>
        <translation>确认删除范围内交付未提及的部件</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="118"/>
        <source>Submission</source>
        <translation>提交编号</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="79"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="61"/>
        <source>Validates, then imports in one transaction: staging, comparison with the registry, promotion; either everything is imported or the registry stays as it was. Every import leaves a submission record; rejected features go to quarantine. The same code as `assetreg import`.

Replacing an area deletes only the area&apos;s assets the delivery does not mention at all, and only when &apos;Confirm deleting&apos; is ticked; otherwise nothing is imported and the assets it would delete are listed. A dry run shows them first, and adds to the map a layer of what would change: new, changed (with the fields), deleted and rejected.</source>
        <translation>先检查，再整批导入登记库：暂存、与登记库比对、在一个事务中写入，要么全部成功，要么登记库不变。每次导入都留下提交记录，不合格要素进入隔离区。与命令行 assetreg import 使用同一程序。

按范围替换只删除范围内交付完全没有提到的部件，并且必须勾选“确认删除”，否则不导入并列出将删除的部件；先试运行可查看。试运行还会把将发生的变化（新增、变更及其字段、删除、拒收）作为图层加入地图。</translation>
    </message>
    <message>
        <location filename="../processing/import_delivery.py" line="109"/>
        <source>What the dry run would change</source>
        <translation>试导入将带来的变化</translation>
    </message>
</context>
<context>
    <name>IndicatorMap</name>
    <message>
        <location filename="../processing/kpi.py" line="147"/>
        <source>Indicator map by area</source>
        <translation>指标分区专题图</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="150"/>
        <source>A figure of an indicator (by default its main rate) of a month on the polygons of the districts, streets, communities or unit grids, graduated from red (low) to green (high), labelled with the figure and the word when the area misses its target. The same figures as the indicator table.</source>
        <translation>将某月某项指标的数值（默认为其主要比率）落到区、街道、社区或单元网格的面上，按数值由红（低）到绿（高）分级设色，并标注数值；未达标的区域另注“未达标”字样。数值与指标表相同。</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="158"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="164"/>
        <source>Areas</source>
        <translation>区域层级</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="165"/>
        <source>Figure (a column; empty: the main rate)</source>
        <translation>数值（列名；留空：主要比率）</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="169"/>
        <source>Indicator map</source>
        <translation>指标专题图</translation>
    </message>
</context>
<context>
    <name>IndicatorTable</name>
    <message>
        <location filename="../processing/kpi.py" line="93"/>
        <source>Indicator table</source>
        <translation>指标表</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="76"/>
        <source>One indicator of a month by a grouping, against its targets: every column `assetreg kpi` gives, as a table without geometry. A month that has a snapshot is read from it.</source>
        <translation>某月某项指标按分组统计并与目标值对照：包含 `assetreg kpi` 给出的全部列，输出为无几何的表。已保存快照的月份从快照读取。</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="83"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="87"/>
        <source>Grouping</source>
        <translation>分组</translation>
    </message>
</context>
<context>
    <name>KpiAlgorithm</name>
    <message>
        <location filename="../processing/kpi.py" line="58"/>
        <source>Month (YYYY-MM; empty: this month)</source>
        <translation>月份（YYYY-MM；留空：本月）</translation>
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
    <name>LinkAssets</name>
    <message>
        <location filename="../processing/link_assets.py" line="31"/>
        <source>Link selected assets to a case</source>
        <translation>将所选部件关联到案卷</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="34"/>
        <source>Links the assets of a registry layer (tick &apos;Selected features only&apos; for the map selection) to a case, or unlinks them when &apos;Unlink&apos; is ticked, on the version of the case you last saw. Editors and admins may change the assets of an open case; the change is an event of the case.</source>
        <translation>将登记库图层的部件（勾选“仅所选要素”即为地图上所选部件）关联到案卷，勾选“解除关联”则解除关联，须依据你最后读取的案卷版本。编辑和管理员可修改未结案卷的关联部件，每次修改记为案卷的一条流转记录。</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="41"/>
        <source>Asset layer (registry)</source>
        <translation>部件图层（登记库）</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="44"/>
        <source>Case id</source>
        <translation>案卷 ID</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="45"/>
        <source>Version you last saw</source>
        <translation>你读取的版本</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="46"/>
        <source>Unlink instead of link</source>
        <translation>解除关联（而非关联）</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="48"/>
        <source>New version</source>
        <translation>新版本</translation>
    </message>
    <message>
        <location filename="../processing/link_assets.py" line="49"/>
        <source>Assets</source>
        <translation>部件数</translation>
    </message>
</context>
<context>
    <name>LoadQuarantine</name>
    <message>
        <location filename="../processing/load_quarantine.py" line="30"/>
        <source>Load a submission&apos;s quarantine</source>
        <translation>加载提交的隔离要素</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="33"/>
        <source>Writes the features a submission could not import, as delivered, with their findings, to a GeoPackage and adds it to the map styled by rule. The same layer as `assetreg quarantine export`.</source>
        <translation>将某次提交未能导入的要素（保持交付原样，附校验问题）写入 GeoPackage，并按规则分类着色加入地图。与命令行 assetreg quarantine export 输出同一图层。</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="39"/>
        <source>Submission</source>
        <translation>提交编号</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="42"/>
        <source>Quarantined features</source>
        <translation>隔离要素</translation>
    </message>
    <message>
        <location filename="../processing/load_quarantine.py" line="52"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
</context>
<context>
    <name>LoadResponsibilityAreas</name>
    <message>
        <location filename="../processing/case_steps.py" line="121"/>
        <source>Load responsibility areas</source>
        <translation>导入责任区</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="124"/>
        <source>Loads responsibility areas: polygons with the fields code, name and maintainer (the responsible unit), added or updated by code, all or none. A dispatch that names no maintainer takes the maintainer of the case&apos;s assets, else the unit of the area the case lies in. The same code as `assetreg areas responsibility`.</source>
        <translation>导入责任区：多边形，字段 code（编码）、name（名称）、maintainer（责任单位），按编码新增或更新，全部成功或全部不变。派遣未指定处置单位时，取案卷部件的养护单位，没有则取案卷所在责任区的责任单位。与 `assetreg areas responsibility` 为同一代码。</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="132"/>
        <source>File of responsibility areas</source>
        <translation>责任区文件</translation>
    </message>
    <message>
        <location filename="../processing/case_steps.py" line="135"/>
        <source>Areas loaded</source>
        <translation>已导入的责任区数</translation>
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
        <location filename="../gui/mapping_dialog.py" line="77"/>
        <source>Coordinates&apos; CRS (when the file states none):</source>
        <translation>坐标的坐标系（文件未声明时）：</translation>
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
</context>
<context>
    <name>MonthlyReport</name>
    <message>
        <location filename="../processing/kpi.py" line="202"/>
        <source>Monthly bulletin</source>
        <translation>月度通报</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="205"/>
        <source>The month&apos;s bulletin as PDF or HTML, from the print layout template bulletin.qpt: the indicators by district against their targets, the ranking with its red and black lists, trend charts, maps of the lighting rate by unit grid and of open and overdue cases, the most repeated problems and the snapshot the figures come from. The same bulletin as `assetreg report monthly`.</source>
        <translation>按打印版面模板 bulletin.qpt 生成某月的月度通报（PDF 或 HTML）：按区的各项指标与目标值对照、排名及红黑榜、趋势图、按单元网格的亮灯率地图与未结及超期案件地图、高发问题，以及数据所依据的快照。与 `assetreg report monthly` 生成的通报相同。</translation>
    </message>
    <message>
        <location filename="../processing/kpi.py" line="214"/>
        <source>Bulletin</source>
        <translation>通报文件</translation>
    </message>
</context>
<context>
    <name>PatrolPanel</name>
    <message>
        <location filename="../gui/patrol_mode.py" line="403"/>
        <source>Night lighting patrol</source>
        <translation>夜间亮灯巡查</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="136"/>
        <source>1. Drag a box over the stretch you patrolled.  2. Click the lights that were out.  3. Save.</source>
        <translation>① 在巡查过的路段上拖框；② 点选不亮的灯；③ 保存。</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="142"/>
        <source>Streetlight layer</source>
        <translation>路灯图层</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="146"/>
        <source>Patrol date and time</source>
        <translation>巡查日期和时间</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="148"/>
        <source>Name of the inspector</source>
        <translation>巡查人姓名</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="149"/>
        <source>Inspector</source>
        <translation>巡查人</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="152"/>
        <source>Take in patrolled lights (drag a box)</source>
        <translation>划定巡查范围（拖框选灯）</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="153"/>
        <source>Drag a box over the lights you patrolled, or click one: they count as lit unless you mark them.</source>
        <translation>在巡查过的路灯上拖一个框，或点选单盏灯：未标记为不亮的灯都按“亮”记录。</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="156"/>
        <source>Mark unlit lights (click or box)</source>
        <translation>标记不亮的灯（点选或拖框）</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="157"/>
        <source>Click a light to mark it unlit, click again to undo; a box marks every light in it.</source>
        <translation>点一盏灯标记为不亮，再点一次取消；拖框则把框内的灯都标记为不亮。</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="170"/>
        <source>Take in the layer&apos;s selection</source>
        <translation>加入图层中已选的灯</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="172"/>
        <source>Start over</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="178"/>
        <source>lit (the default)</source>
        <translation>亮（默认）</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="178"/>
        <source>unlit</source>
        <translation>不亮</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="188"/>
        <source>Lights found unlit:</source>
        <translation>不亮的路灯：</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="192"/>
        <source>Save the patrol</source>
        <translation>保存巡查记录</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="238"/>
        <source>Choose a streetlight layer of the registry first.</source>
        <translation>请先选择登记库的路灯图层。</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="313"/>
        <source>Patrolled: {total} lights — lit {lit}, unlit {unlit}.</source>
        <translation>已巡查 {total} 盏灯：亮 {lit} 盏，不亮 {unlit} 盏。</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="358"/>
        <source>Saved {records} inspection records (submission {submission}).</source>
        <translation>已保存 {records} 条巡查记录（提交编号 {submission}）。</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="378"/>
        <source>Reported {cases} cases.</source>
        <translation>已登记 {cases} 个案卷。</translation>
    </message>
    <message>
        <location filename="../gui/patrol_mode.py" line="393"/>
        <source>{unlit} lights were found unlit. Report a case for each of them now?</source>
        <translation>本次巡查发现 {unlit} 盏灯不亮。现在为每盏灯登记一个案卷吗？</translation>
    </message>
</context>
<context>
    <name>RecordPatrol</name>
    <message>
        <location filename="../processing/record_patrol.py" line="46"/>
        <source>Record a night lighting patrol</source>
        <translation>登记夜间亮灯巡查</translation>
    </message>
    <message>
        <location filename="../processing/record_patrol.py" line="49"/>
        <source>Records a night lighting patrol: every light of &apos;Lights patrolled&apos; (a streetlight layer of the registry, or only its selected features) gets one inspection record, lit unless it is among &apos;Lights found unlit&apos; (for example the same layer with only the selected features). The records are imported as one delivery, exactly as `assetreg import --class inspection` imports a patrol file, all or none, and the lighting rate follows. Optionally reports one case per light found unlit.</source>
        <translation>登记一次夜间亮灯巡查：“巡查过的路灯”（登记库的路灯图层，或只取其中已选的灯）每盏生成一条巡查记录，除列在“不亮的路灯”中的（例如同一图层只取已选的灯）以外都记为亮。记录作为一次交付导入，与 `assetreg import --class inspection` 导入巡查文件完全相同，要么全部导入，要么都不导入，亮灯率随之更新。可选择为每盏不亮的灯登记一个案卷。</translation>
    </message>
    <message>
        <location filename="../processing/record_patrol.py" line="58"/>
        <source>Lights patrolled</source>
        <translation>巡查过的路灯</translation>
    </message>
    <message>
        <location filename="../processing/record_patrol.py" line="75"/>
        <source>Lights found unlit</source>
        <translation>不亮的路灯</translation>
    </message>
    <message>
        <location filename="../processing/record_patrol.py" line="66"/>
        <source>Patrol date and time (city time)</source>
        <translation>巡查日期和时间（本市时间）</translation>
    </message>
    <message>
        <location filename="../processing/record_patrol.py" line="67"/>
        <source>Inspector</source>
        <translation>巡查人</translation>
    </message>
    <message>
        <location filename="../processing/record_patrol.py" line="68"/>
        <source>Report cases of the lights found unlit</source>
        <translation>为不亮的路灯登记案卷</translation>
    </message>
    <message>
        <location filename="../processing/record_patrol.py" line="73"/>
        <source>Submission</source>
        <translation>提交编号</translation>
    </message>
    <message>
        <location filename="../processing/record_patrol.py" line="74"/>
        <source>Inspection records</source>
        <translation>巡查记录数</translation>
    </message>
    <message>
        <location filename="../processing/record_patrol.py" line="76"/>
        <source>Cases reported</source>
        <translation>已登记案卷数</translation>
    </message>
</context>
<context>
    <name>RegistryAlgorithm</name>
    <message>
        <location filename="../processing/base.py" line="28"/>
        <source>Registry</source>
        <translation>登记库</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="29"/>
        <source>Standard</source>
        <translation>基础数据规范</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="30"/>
        <source>Cases</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="31"/>
        <source>Inspections</source>
        <translation>巡查</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="32"/>
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="36"/>
        <source>Connection (empty: the plugin&apos;s)</source>
        <translation>数据库连接（留空：插件设置）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="37"/>
        <source>Connection (empty: the layer&apos;s)</source>
        <translation>数据库连接（留空：图层所在的登记库）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="39"/>
        <source>City profile (empty: zhuhai)</source>
        <translation>城市配置（留空：zhuhai）</translation>
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
        <location filename="../gui/submissions_dock.py" line="188"/>
        <source>There is no report of this submission to show.</source>
        <translation>此提交没有可查看的校验报告。</translation>
    </message>
    <message>
        <location filename="../gui/submissions_dock.py" line="227"/>
        <source>The fixed delivery</source>
        <translation>修正后的交付文件</translation>
    </message>
</context>
<context>
    <name>ValidateSubmission</name>
    <message>
        <location filename="../processing/validate_submission.py" line="45"/>
        <source>Validate a delivery</source>
        <translation>检查成果数据</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="59"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="66"/>
        <source>Delivery file</source>
        <translation>交付文件</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="71"/>
        <source>Class (asset family or record)</source>
        <translation>类别（部件或记录）</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="79"/>
        <source>Layer (empty: every layer)</source>
        <translation>图层（留空检查全部）</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="80"/>
        <source>City profile (empty: the mapping&apos;s or the envelope&apos;s, else Zhuhai)</source>
        <translation>城市配置（留空：映射或交付说明所指，否则珠海）</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="81"/>
        <source>Field mapping</source>
        <translation>字段映射</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="90"/>
        <source>Delivery envelope</source>
        <translation>交付说明</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="99"/>
        <source>Report</source>
        <translation>检查报告</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="104"/>
        <source>Failing features</source>
        <translation>不合格要素</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="116"/>
        <source>Valid</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="117"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="118"/>
        <source>Valid features</source>
        <translation>合格要素</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="119"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="120"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="48"/>
        <source>Checks a delivery (GeoJSON, GeoPackage, Shapefile or its zip, CSV, XLSX) against the base-data standard and the city profile, with an optional field mapping and delivery envelope; writes the report as JSON or HTML and the failing features to a GeoPackage. The same checks as `assetreg validate`.

In QGIS the failing features are added to the map, styled by rule, and the HTML report opens in the browser.</source>
        <translation>按基础数据规范和城市配置检查一份交付数据（GeoJSON、GeoPackage、Shapefile 或其 zip、CSV、XLSX），可用字段映射和交付说明；报告写为 JSON 或 HTML，不合格要素可写入 GeoPackage 图层。与命令行 assetreg validate 使用同一检查程序。

在 QGIS 中，不合格要素会按规则分类着色加入地图，HTML 报告会在浏览器中打开。</translation>
    </message>
    <message>
        <location filename="../processing/validate_submission.py" line="113"/>
        <source>Open the report when done</source>
        <translation>完成后打开报告</translation>
    </message>
</context>
</TS>
