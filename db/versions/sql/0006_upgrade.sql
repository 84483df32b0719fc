-- Revision 0006, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

INSERT INTO assetreg.cl_bci_grade (code, label_zh, label_en, sort_order) VALUES ('A', '完好', 'Intact', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bci_grade (code, label_zh, label_en, sort_order) VALUES ('B', '良好', 'Good', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bci_grade (code, label_zh, label_en, sort_order) VALUES ('C', '合格', 'Fair', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bci_grade (code, label_zh, label_en, sort_order) VALUES ('D', '不合格', 'Poor', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bci_grade (code, label_zh, label_en, sort_order) VALUES ('E', '危险', 'Dangerous', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_load_class (code, label_zh, label_en, sort_order) VALUES ('city_a', '城-A级', 'City-A', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_load_class (code, label_zh, label_en, sort_order) VALUES ('city_b', '城-B级', 'City-B', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_load_class (code, label_zh, label_en, sort_order) VALUES ('highway_1', '公路-Ⅰ级', 'Highway-I', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_load_class (code, label_zh, label_en, sort_order) VALUES ('highway_2', '公路-Ⅱ级', 'Highway-II', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_load_class (code, label_zh, label_en, sort_order) VALUES ('crowd', '人群荷载', 'Pedestrian load', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_load_class (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_maintenance_class (code, label_zh, label_en, sort_order) VALUES ('I', 'Ⅰ类', 'Class I', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_maintenance_class (code, label_zh, label_en, sort_order) VALUES ('II', 'Ⅱ类', 'Class II', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_maintenance_class (code, label_zh, label_en, sort_order) VALUES ('III', 'Ⅲ类', 'Class III', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_maintenance_class (code, label_zh, label_en, sort_order) VALUES ('IV', 'Ⅳ类', 'Class IV', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_maintenance_class (code, label_zh, label_en, sort_order) VALUES ('V', 'Ⅴ类', 'Class V', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_structure_type (code, label_zh, label_en, sort_order) VALUES ('beam', '梁桥', 'Beam bridge', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_structure_type (code, label_zh, label_en, sort_order) VALUES ('arch', '拱桥', 'Arch bridge', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_structure_type (code, label_zh, label_en, sort_order) VALUES ('rigid_frame', '刚构桥', 'Rigid-frame bridge', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_structure_type (code, label_zh, label_en, sort_order) VALUES ('cable_stayed', '斜拉桥', 'Cable-stayed bridge', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_structure_type (code, label_zh, label_en, sort_order) VALUES ('suspension', '悬索桥', 'Suspension bridge', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_structure_type (code, label_zh, label_en, sort_order) VALUES ('truss', '桁架桥', 'Truss bridge', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_structure_type (code, label_zh, label_en, sort_order) VALUES ('culvert', '涵洞', 'Culvert', 7) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_bridge_structure_type (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 8) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('01037', '路灯', 'Streetlight', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('01038', '地灯', 'Ground light', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('01039', '景观灯', 'Landscape light', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('01060', '路灯配电箱', 'Streetlight distribution cabinet', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('01077', '综合杆', 'Multi-function pole', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('01006', '路灯井盖', 'Streetlight manhole cover', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('02006', '过街天桥', 'Pedestrian overpass', 7) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('02007', '地下通道', 'Underpass', 8) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('02008', '立交桥', 'Interchange bridge', 9) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('02009', '跨河桥', 'River bridge', 10) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('02029', '栈桥', 'Trestle bridge', 11) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('02042', '铁路桥涵', 'Railway bridge or culvert', 12) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04001', '古树名木', 'Old or famous tree', 13) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04002', '行道树', 'Street tree', 14) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04003', '独立树', 'Solitary tree', 15) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04004', '护树设施', 'Tree guard', 16) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04011', '树池树穴', 'Tree pit', 17) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('01046', '户外健身设施', 'Outdoor fitness equipment', 18) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('01052', '休息亭', 'Rest pavilion', 19) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('03001', '公共厕所', 'Public toilet', 20) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('03005', '垃圾箱', 'Litter bin', 21) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04005', '花架花钵', 'Flower stand or planter', 22) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04006', '雕塑', 'Sculpture', 23) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04007', '街头座椅', 'Street bench', 24) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04008', '绿地护栏', 'Green-space railing', 25) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04009', '绿地附属设施', 'Green-space ancillary facility', 26) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04010', '喷泉', 'Fountain', 27) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('04013', '绿地', 'Green space', 28) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_status (code, label_zh, label_en, sort_order) VALUES ('intact', '完好', 'Intact', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_status (code, label_zh, label_en, sort_order) VALUES ('damaged', '破损', 'Damaged', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_status (code, label_zh, label_en, sort_order) VALUES ('lost', '丢失', 'Lost', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_status (code, label_zh, label_en, sort_order) VALUES ('abandoned', '废弃', 'Abandoned', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_component_status (code, label_zh, label_en, sort_order) VALUES ('removed', '移除', 'Removed', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_condition_grade (code, label_zh, label_en, sort_order) VALUES ('A', '优', 'Excellent', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_condition_grade (code, label_zh, label_en, sort_order) VALUES ('B', '良', 'Good', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_condition_grade (code, label_zh, label_en, sort_order) VALUES ('C', '合格', 'Fair', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_condition_grade (code, label_zh, label_en, sort_order) VALUES ('D', '不合格', 'Poor', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_data_source (code, label_zh, label_en, sort_order) VALUES ('survey', '实测', 'Field survey', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_data_source (code, label_zh, label_en, sort_order) VALUES ('topographic_map', '地形图', 'Topographic map', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_data_source (code, label_zh, label_en, sort_order) VALUES ('base_geodata', '基础地理数据', 'Base geographic data', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_data_source (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_inspection_kind (code, label_zh, label_en, sort_order) VALUES ('lighting_patrol', '夜间亮灯巡查', 'Night lighting patrol', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_inspection_kind (code, label_zh, label_en, sort_order) VALUES ('road_survey', '道路状况检测', 'Road condition survey', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_inspection_kind (code, label_zh, label_en, sort_order) VALUES ('bridge_inspection', '桥梁检测', 'Bridge inspection', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_inspection_kind (code, label_zh, label_en, sort_order) VALUES ('tree_survey', '树木调查', 'Tree survey', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_inspection_kind (code, label_zh, label_en, sort_order) VALUES ('facility_check', '设施巡查', 'Facility check', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_lamp_type (code, label_zh, label_en, sort_order) VALUES ('LED', 'LED灯', 'LED', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_lamp_type (code, label_zh, label_en, sort_order) VALUES ('HPS', '高压钠灯', 'High-pressure sodium', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_lamp_type (code, label_zh, label_en, sort_order) VALUES ('MH', '金卤灯', 'Metal halide', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_lamp_type (code, label_zh, label_en, sort_order) VALUES ('MV', '高压汞灯', 'Mercury vapour', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_lamp_type (code, label_zh, label_en, sort_order) VALUES ('IND', '无极灯', 'Induction', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_lamp_type (code, label_zh, label_en, sort_order) VALUES ('FL', '荧光灯', 'Fluorescent', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_lamp_type (code, label_zh, label_en, sort_order) VALUES ('SOLAR', '太阳能灯', 'Solar', 7) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_lamp_type (code, label_zh, label_en, sort_order) VALUES ('OTHER', '其他', 'Other', 8) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('01037', '路灯异常', 'Streetlight fault', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('01038', '地灯异常', 'Ground light fault', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('01039', '景观灯异常', 'Landscape light fault', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('01060', '路灯配电箱异常', 'Distribution cabinet fault', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('01077', '综合杆异常', 'Multi-function pole fault', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('02006', '过街天桥异常', 'Pedestrian overpass fault', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('02008', '立交桥异常', 'Interchange fault', 7) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('02009', '跨河桥异常', 'River bridge fault', 8) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('04001', '古树名木异常', 'Old or famous tree problem', 9) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('04002', '行道树异常', 'Street tree problem', 10) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('04003', '独立树异常', 'Solitary tree problem', 11) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('01046', '户外健身设施异常', 'Fitness equipment fault', 12) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('04007', '街头座椅异常', 'Street bench fault', 13) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('03001', '公共厕所异常', 'Public toilet fault', 14) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06012', '道路不洁', 'Dirty road', 15) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06013', '道路破损', 'Damaged road', 16) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06016', '交通标线不清晰', 'Faded road marking', 17) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06048', '边坡（挡土墙）破损', 'Damaged slope or retaining wall', 18) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06049', '台阶破损', 'Damaged steps', 19) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06050', '路缘石缺损', 'Damaged kerb', 20) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06051', '盲道缺损', 'Damaged tactile paving', 21) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06052', '无障碍坡道破损', 'Damaged barrier-free ramp', 22) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06017', '绿地脏乱', 'Untidy green space', 23) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06021', '病虫害', 'Pests and diseases', 24) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06022', '非法伐树', 'Illegal tree felling', 25) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06045', '非法占绿毁绿', 'Encroachment on green space', 26) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('06047', '公园秩序', 'Park disorder', 27) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('10002', '架空线缆脱落', 'Fallen overhead cable', 28) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_park_kind (code, label_zh, label_en, sort_order) VALUES ('comprehensive_park', '综合公园', 'Comprehensive park', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_park_kind (code, label_zh, label_en, sort_order) VALUES ('community_park', '社区公园', 'Community park', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_park_kind (code, label_zh, label_en, sort_order) VALUES ('specialised_park', '专类公园', 'Specialised park', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_park_kind (code, label_zh, label_en, sort_order) VALUES ('pocket_park', '游园', 'Pocket park', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_park_kind (code, label_zh, label_en, sort_order) VALUES ('protective_green', '防护绿地', 'Protective green', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_park_kind (code, label_zh, label_en, sort_order) VALUES ('square', '广场用地', 'Square', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_park_kind (code, label_zh, label_en, sort_order) VALUES ('attached_green', '附属绿地', 'Attached green', 7) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_park_kind (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 8) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pavement_type (code, label_zh, label_en, sort_order) VALUES ('asphalt', '沥青混凝土', 'Asphalt concrete', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pavement_type (code, label_zh, label_en, sort_order) VALUES ('cement_concrete', '水泥混凝土', 'Cement concrete', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pavement_type (code, label_zh, label_en, sort_order) VALUES ('block', '砌块', 'Block paving', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pavement_type (code, label_zh, label_en, sort_order) VALUES ('gravel', '砂石', 'Gravel', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pavement_type (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pole_material (code, label_zh, label_en, sort_order) VALUES ('steel', '钢', 'Steel', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pole_material (code, label_zh, label_en, sort_order) VALUES ('aluminium', '铝合金', 'Aluminium alloy', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pole_material (code, label_zh, label_en, sort_order) VALUES ('concrete', '混凝土', 'Concrete', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pole_material (code, label_zh, label_en, sort_order) VALUES ('composite', '复合材料', 'Composite', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pole_material (code, label_zh, label_en, sort_order) VALUES ('cast_iron', '铸铁', 'Cast iron', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_pole_material (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_road_class (code, label_zh, label_en, sort_order) VALUES ('expressway', '快速路', 'Expressway', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_road_class (code, label_zh, label_en, sort_order) VALUES ('arterial', '主干路', 'Arterial road', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_road_class (code, label_zh, label_en, sort_order) VALUES ('secondary', '次干路', 'Secondary road', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_road_class (code, label_zh, label_en, sort_order) VALUES ('branch', '支路', 'Branch road', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_road_maintenance_grade (code, label_zh, label_en, sort_order) VALUES ('I', 'Ⅰ等', 'Grade I', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_road_maintenance_grade (code, label_zh, label_en, sort_order) VALUES ('II', 'Ⅱ等', 'Grade II', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_road_maintenance_grade (code, label_zh, label_en, sort_order) VALUES ('III', 'Ⅲ等', 'Grade III', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_satisfaction (code, label_zh, label_en, sort_order) VALUES ('satisfied', '满意', 'Satisfied', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_satisfaction (code, label_zh, label_en, sort_order) VALUES ('basically_satisfied', '基本满意', 'Basically satisfied', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_satisfaction (code, label_zh, label_en, sort_order) VALUES ('dissatisfied', '不满意', 'Dissatisfied', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_satisfaction (code, label_zh, label_en, sort_order) VALUES ('no_reply', '未回复', 'No reply', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_age_basis (code, label_zh, label_en, sort_order) VALUES ('estimated', '估测', 'Estimated', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_age_basis (code, label_zh, label_en, sort_order) VALUES ('verified', '考证', 'Verified', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_protection_grade (code, label_zh, label_en, sort_order) VALUES ('grade_1', '一级古树', 'Grade 1 old tree', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_protection_grade (code, label_zh, label_en, sort_order) VALUES ('grade_2', '二级古树', 'Grade 2 old tree', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_protection_grade (code, label_zh, label_en, sort_order) VALUES ('grade_3', '三级古树', 'Grade 3 old tree', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_protection_grade (code, label_zh, label_en, sort_order) VALUES ('famous', '名木', 'Famous tree', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_protection_grade (code, label_zh, label_en, sort_order) VALUES ('none', '非古树名木', 'Not protected', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_risk (code, label_zh, label_en, sort_order) VALUES ('low', '低', 'Low', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_risk (code, label_zh, label_en, sort_order) VALUES ('moderate', '中', 'Moderate', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_risk (code, label_zh, label_en, sort_order) VALUES ('high', '高', 'High', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_risk (code, label_zh, label_en, sort_order) VALUES ('extreme', '极高', 'Extreme', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_site (code, label_zh, label_en, sort_order) VALUES ('street', '道路', 'Street', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_site (code, label_zh, label_en, sort_order) VALUES ('park', '公园绿地', 'Park', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_site (code, label_zh, label_en, sort_order) VALUES ('residential', '居住区', 'Residential area', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_site (code, label_zh, label_en, sort_order) VALUES ('institution', '单位附属', 'Institution', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_site (code, label_zh, label_en, sort_order) VALUES ('wild', '郊野', 'Countryside', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_site (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_vigour (code, label_zh, label_en, sort_order) VALUES ('normal', '正常株', 'Normal', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_vigour (code, label_zh, label_en, sort_order) VALUES ('weak', '衰弱株', 'Weak', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_vigour (code, label_zh, label_en, sort_order) VALUES ('endangered', '濒危株', 'Endangered', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_tree_vigour (code, label_zh, label_en, sort_order) VALUES ('dead', '死亡株', 'Dead', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_urgency (code, label_zh, label_en, sort_order) VALUES ('ordinary', '一般', 'Ordinary', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_urgency (code, label_zh, label_en, sort_order) VALUES ('serious', '严重', 'Serious', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_urgency (code, label_zh, label_en, sort_order) VALUES ('emergency', '紧急', 'Emergency', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('hotline_12345', '12345 热线', '12345 hotline', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('hotline_12319', '12319 热线', '12319 hotline', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('wechat', '微信', 'WeChat', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('patrol', '监督员巡查', 'Patrol inspector', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('citizen', '市民上报', 'Citizen', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('higher_level', '上级交办', 'Higher level', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('inspection', '设施巡查', 'Facility inspection', 7) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('gis_user', 'GIS 用户登记', 'GIS user', 8) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 9) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('reported', '上报', 'Reported', 1) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('accepted', '受理', 'Accepted', 2) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('registered', '立案', 'Registered', 3) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('refused', '不予立案', 'Refused', 4) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('dispatched', '派遣', 'Dispatched', 5) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('handling', '处置中', 'Handling', 6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('handled', '处置反馈', 'Handled', 7) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('verified', '核查通过', 'Verified', 8) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('closed', '结案', 'Closed', 9) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('deferred', '缓办', 'Deferred', 10) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('cancelled', '作废', 'Cancelled', 11) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en, sort_order = excluded.sort_order;

ALTER TABLE assetreg.inspection ADD COLUMN rqi DOUBLE PRECISION;

COMMENT ON COLUMN assetreg.inspection.rqi IS '行驶质量指数 RQI / Riding quality index RQI';

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_rqi_1 CHECK (rqi >= 0);

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_rqi_2 CHECK (rqi <= 100);

ALTER TABLE assetreg.inspection ADD COLUMN rdi DOUBLE PRECISION;

COMMENT ON COLUMN assetreg.inspection.rdi IS '车辙深度指数 RDI / Rutting depth index RDI';

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_rdi_1 CHECK (rdi >= 0);

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_rdi_2 CHECK (rdi <= 100);

ALTER TABLE assetreg.inspection ADD COLUMN bci_deck DOUBLE PRECISION;

COMMENT ON COLUMN assetreg.inspection.bci_deck IS '桥面系 BCI / BCI of the deck system';

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_bci_deck_1 CHECK (bci_deck >= 0);

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_bci_deck_2 CHECK (bci_deck <= 100);

ALTER TABLE assetreg.inspection ADD COLUMN bci_superstructure DOUBLE PRECISION;

COMMENT ON COLUMN assetreg.inspection.bci_superstructure IS '上部结构 BCI / BCI of the superstructure';

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_bci_superstructure_1 CHECK (bci_superstructure >= 0);

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_bci_superstructure_2 CHECK (bci_superstructure <= 100);

ALTER TABLE assetreg.inspection ADD COLUMN bci_substructure DOUBLE PRECISION;

COMMENT ON COLUMN assetreg.inspection.bci_substructure IS '下部结构 BCI / BCI of the substructure';

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_bci_substructure_1 CHECK (bci_substructure >= 0);

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_bci_substructure_2 CHECK (bci_substructure <= 100);

ALTER TABLE assetreg.inspection ADD COLUMN lean_deg DOUBLE PRECISION;

COMMENT ON COLUMN assetreg.inspection.lean_deg IS '树干倾斜角 / Lean of the trunk';

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_lean_deg_1 CHECK (lean_deg >= 0);

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_lean_deg_2 CHECK (lean_deg <= 90);

ALTER TABLE assetreg.inspection ADD COLUMN pests BOOLEAN;

COMMENT ON COLUMN assetreg.inspection.pests IS '有病虫害 / Pests or disease found';

ALTER TABLE assetreg.inspection ADD COLUMN tree_risk TEXT;

COMMENT ON COLUMN assetreg.inspection.tree_risk IS '树木风险等级 / Tree risk';

ALTER TABLE assetreg.inspection ADD CONSTRAINT inspection_tree_risk_fkey FOREIGN KEY(tree_risk) REFERENCES assetreg.cl_tree_risk (code);

