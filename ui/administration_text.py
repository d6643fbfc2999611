"""The administration page's labels in Thai and English, registered on import (the router needs the title)."""

from __future__ import annotations

from ui.i18n import register

# What each audit action is called on the page (an action not listed is shown by its key).
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "sign_in": ("เข้าสู่ระบบ", "Signed in"),
    "sign_in_failed": ("เข้าสู่ระบบไม่สำเร็จ", "Failed sign-in"),
    "sign_out": ("ออกจากระบบ", "Signed out"),
    "first_admin_created": ("สร้างผู้ดูแลระบบคนแรก", "First administrator created"),
    "upload": ("นำเข้าข้อมูล", "Upload"),
    "sample_removed": ("ลบข้อมูลตัวอย่าง", "Sample data removed"),
    "sample_loaded": ("โหลดข้อมูลตัวอย่าง", "Sample data loaded"),
    "save_assessment": ("บันทึกผลการประเมิน", "Assessment saved"),
    "edit_targets": ("แก้ไขค่าเป้าหมาย/หลักไมล์", "Targets or milestones edited"),
    "edit_settings": ("แก้ไขค่าที่หน่วยงานกำหนด", "Agency settings edited"),
    "user_added": ("เพิ่มผู้ใช้", "User added"),
    "password_reset": ("ตั้งรหัสผ่านใหม่", "Password reset"),
    "role_changed": ("เปลี่ยนบทบาท", "Role changed"),
    "user_removed": ("ลบผู้ใช้", "User removed"),
    "backup_made": ("สำรองฐานข้อมูล", "Database backed up"),
    "backup_restored": ("กู้คืนฐานข้อมูลจากไฟล์สำรอง", "Database restored from a backup"),
    "session_revoked": ("ยุติการเข้าสู่ระบบ", "Sign-in session ended"),
    "first_admin_code_wrong": (
        "รหัสครั้งเดียวสำหรับผู้ดูแลระบบคนแรกไม่ถูกต้อง",
        "Wrong first-run code",
    ),
}

LABELS: dict[str, tuple[str, str]] = {
    "nav_admin": ("ผู้ดูแลระบบ", "Administrators"),
    "page_admin": ("ผู้ใช้ บันทึก และสำรองข้อมูล", "Users, audit, backups"),
    "adm_title": ("ผู้ดูแลระบบ", "Administration"),
    "adm_intro": (
        "จัดการบัญชีผู้ใช้และบทบาท ดูว่าใครทำอะไรเมื่อใด และสำรองฐานข้อมูล",
        "Manage accounts and roles, see who did what and when, and back up the database.",
    ),
    "adm_tab_users": ("ผู้ใช้", "Users"),
    "adm_tab_audit": ("บันทึกการใช้งาน", "Audit trail"),
    # issue 13, point 6: the agency's own settings, per fiscal year
    "adm_tab_settings": ("ค่าที่หน่วยงานกำหนด", "Set by your agency"),
    "adm_settings_intro": (
        "ตัวเลขที่คู่มือไม่ได้กำหนด หน่วยงานกำหนดเองรายปีงบประมาณ: จำนวนวันที่ถือว่าล่าช้าหรือค้าง "
        "ช่วงเฝ้าระวังบันทึกข้อตกลงที่ใกล้หมดอายุ และจำนวนวันที่ต้องรายงานผลการยกเลิก "
        "หน้าต่าง ๆ แสดงค่าเหล่านี้ว่าเป็น “ค่าที่หน่วยงานกำหนด” ไม่ใช่เกณฑ์ของคู่มือ ทุกการแก้ไขถูกบันทึกไว้",
        "Numbers the manuals do not give, set by your agency per fiscal year: the days after "
        "which a request is late or a stage is stuck, the windows for MOUs about to expire, and "
        "the days within which a cancellation must be reported. The pages show them as “set by "
        "your agency”, never as the manuals' rules. Every change is recorded in the audit trail.",
    ),
    "adm_settings_year": ("ปีงบประมาณ", "Fiscal year"),
    "adm_settings_default": ("ค่าเริ่มต้นของโปรแกรม {n}", "The program's default: {n}"),
    "adm_settings_stuck": ("ค้างในขั้น “{stage}” เกิน (วัน)", "Stuck in “{stage}” after (days)"),
    "adm_settings_save": ("บันทึกค่าที่หน่วยงานกำหนด", "Save the agency's settings"),
    "adm_settings_reset": ("กลับไปใช้ค่าเริ่มต้นทั้งหมดของปีนี้", "Back to the defaults for this year"),
    "adm_settings_saved": (
        "บันทึกค่าที่หน่วยงานกำหนดของ{fy}แล้ว ({n} รายการ)",
        "Saved {n} agency settings for {fy}.",
    ),
    "adm_settings_unchanged": ("ไม่มีค่าที่เปลี่ยน", "Nothing changed."),
    "adm_settings_cleared": (
        "{fy} กลับไปใช้ค่าเริ่มต้นแล้ว",
        "{fy} is back to the defaults.",
    ),
    "adm_settings_col_setting": ("ค่า", "Setting"),
    "adm_settings_col_value": ("ค่าที่ใช้", "In force"),
    "adm_settings_col_default": ("ค่าเริ่มต้น", "Default"),
    "adm_settings_col_by": ("แก้ไขโดย", "Set by"),
    "adm_settings_col_at": ("เมื่อ", "When"),
    "adm_tab_backups": ("การสำรองข้อมูล", "Backups"),
    # users
    "adm_col_username": ("ชื่อผู้ใช้", "Username"),
    "adm_col_name": ("ชื่อที่แสดง", "Display name"),
    "adm_col_role": ("บทบาท", "Role"),
    "adm_col_created": ("สร้างเมื่อ", "Created"),
    "adm_col_sessions": ("กำลังเข้าสู่ระบบ", "Open sessions"),
    "adm_sessions": ("การเข้าสู่ระบบที่เปิดอยู่", "Open sign-in sessions"),
    "adm_sessions_intro": (
        "ทุกเบราว์เซอร์ที่เข้าสู่ระบบอยู่ (จำไว้ได้ 8 ชั่วโมง) ยุติรายการใดก็ได้ ผู้ใช้นั้นจะต้องเข้าสู่ระบบใหม่เมื่อคลิกครั้งถัดไป "
        "การตั้งรหัสผ่านใหม่ เปลี่ยนบทบาท หรือลบบัญชี จะยุติการเข้าสู่ระบบทั้งหมดของผู้ใช้นั้น",
        "Every browser signed in now (remembered for 8 hours). End any of them: that user is "
        "signed out at their next click. A password reset, a role change or a removal ends "
        "all of that user's sessions.",
    ),
    "adm_no_sessions": ("ไม่มีการเข้าสู่ระบบที่เปิดอยู่", "No open session."),
    "adm_col_session": ("รหัสการเข้าสู่ระบบ", "Session"),
    "adm_col_started": ("เริ่มเมื่อ", "Started"),
    "adm_col_expires": ("หมดอายุ", "Expires"),
    "adm_pick_session": ("การเข้าสู่ระบบ", "Session"),
    "adm_this_session": ("เบราว์เซอร์นี้", "this browser"),
    "adm_btn_revoke": ("ยุติการเข้าสู่ระบบนี้", "End this session"),
    "adm_done_revoke": (
        "ยุติการเข้าสู่ระบบของ {name} แล้ว (ต้องเข้าสู่ระบบใหม่เมื่อคลิกครั้งถัดไป)",
        "Ended a session of {name} (signed out at the next click).",
    ),
    "adm_no_users": ("ยังไม่มีบัญชีผู้ใช้ในไฟล์ผู้ใช้", "No account in the users file yet."),
    "adm_oidc_note": (
        "แดชบอร์ดนี้ใช้การเข้าสู่ระบบขององค์กร (OpenID Connect) บทบาทมาจากข้อมูลที่ผู้ให้บริการส่งมา "
        "ตาม [linkage_roles] ใน .streamlit/secrets.toml บัญชีด้านล่างใช้เมื่อปิดการเข้าสู่ระบบขององค์กรเท่านั้น",
        "This dashboard signs in through your organisation (OpenID Connect); roles come from the "
        "provider's claim as mapped in [linkage_roles] of .streamlit/secrets.toml. The accounts "
        "below are used only when that is switched off.",
    ),
    "adm_add": ("เพิ่มผู้ใช้", "Add a user"),
    "adm_btn_add": ("เพิ่มผู้ใช้", "Add the user"),
    "adm_manage": ("แก้ไขผู้ใช้", "Change an account"),
    "adm_pick_user": ("ผู้ใช้", "Account"),
    "adm_reset": ("ตั้งรหัสผ่านใหม่ (ปลดล็อกด้วย)", "Set a new password (also lifts a lock)"),
    "adm_btn_reset": ("ตั้งรหัสผ่านใหม่", "Set the password"),
    "adm_new_password": ("รหัสผ่านใหม่", "New password"),
    "adm_role": ("เปลี่ยนบทบาท", "Change the role"),
    "adm_btn_role": ("บันทึกบทบาท", "Save the role"),
    "adm_remove": ("ลบบัญชี", "Remove the account"),
    "adm_remove_confirm": ("ยืนยันการลบบัญชีนี้", "Yes, remove this account"),
    "adm_btn_remove": ("ลบบัญชี", "Remove"),
    "adm_not_yourself": (
        "เปลี่ยนบทบาทหรือลบบัญชีของตนเองไม่ได้ ให้ผู้ดูแลระบบคนอื่นทำ",
        "You cannot change your own role or remove your own account; ask another administrator.",
    ),
    "adm_confirm_first": ("กรุณาติ๊กยืนยันก่อนลบ", "Tick the confirmation first."),
    "adm_done_add": ("เพิ่มผู้ใช้ {name} ({role}) แล้ว", "Added {name} ({role})."),
    "adm_done_reset": (
        "ตั้งรหัสผ่านใหม่ให้ {name} แล้ว (ออกจากระบบทุกเครื่อง)",
        "New password set for {name} (signed out everywhere).",
    ),
    "adm_done_role": ("{name} เป็น {role} แล้ว", "{name} is now {role}."),
    "adm_done_remove": ("ลบบัญชี {name} แล้ว", "Removed the account {name}."),
    # audit
    "adm_audit_intro": (
        "ใครทำอะไรเมื่อใด: การเข้าสู่ระบบ การนำเข้าข้อมูล การแก้ไขค่าเป้าหมาย การบันทึกผลการประเมิน "
        "การลบข้อมูลตัวอย่าง และการจัดการผู้ใช้ ล่าสุดอยู่บนสุด",
        "Who did what and when: sign-ins, uploads, target edits, saved assessments, sample data "
        "removed and account changes, newest first.",
    ),
    "adm_f_actions": ("รายการ", "Actions"),
    "adm_f_actors": ("ผู้ใช้", "Users"),
    "adm_f_days": ("ช่วงวันที่", "Between"),
    "adm_f_apply": ("แสดง", "Show"),
    "adm_f_all": ("ทั้งหมด", "All"),
    "adm_range": ("{since} ถึง {until} · {n} รายการ", "{since} to {until} · {n} entries"),
    "adm_col_when": ("เวลา", "When"),
    "adm_col_actor": ("ผู้ใช้", "User"),
    "adm_col_action": ("รายการ", "Action"),
    "adm_col_detail": ("รายละเอียด", "Detail"),
    "adm_no_entries": ("ไม่มีรายการในช่วงที่เลือก", "No entry matches."),
    "adm_capped": (
        "แสดง {n:,} รายการล่าสุด เลือกช่วงวันที่ให้แคบลงเพื่อดูรายการก่อนหน้า",
        "Showing the latest {n:,} entries; narrow the dates to see earlier ones.",
    ),
    # backups
    "adm_backups_intro": (
        "ไฟล์สำรองอยู่ข้างไฟล์ฐานข้อมูล {db} ระบบสำรองให้อัตโนมัติก่อนปรับรุ่นฐานข้อมูล ก่อนลบข้อมูลตัวอย่าง และก่อนกู้คืน",
        "Backups sit beside the database file {db}. One is made automatically before a schema "
        "upgrade, before sample data is removed and before a restore.",
    ),
    "adm_btn_backup": ("สำรองฐานข้อมูลตอนนี้", "Back up now"),
    "adm_done_backup": ("สำรองไว้ที่ {file}", "Backed up to {file}"),
    "adm_no_backups": ("ยังไม่มีไฟล์สำรอง", "No backup yet."),
    "adm_col_file": ("ไฟล์", "File"),
    "adm_col_label": ("เหตุที่สำรอง", "Made for"),
    "adm_col_size": ("ขนาด (MB)", "Size (MB)"),
    "adm_col_made": ("สำรองเมื่อ", "Made"),
    "adm_restore_how": (
        "กู้คืนจากไฟล์สำรองด้วยคำสั่งบนเครื่องแม่ข่าย (ระบบจะสำรองไฟล์ปัจจุบันก่อน และปฏิเสธถ้ามีโปรแกรมอื่นใช้ฐานข้อมูลอยู่):",
        "Restore a backup with the command on the server (the current file is backed up first; "
        "it refuses while another process holds the database):",
    ),
}

register(LABELS)
register({f"adm_action_{key}": pair for key, pair in ACTION_LABELS.items()})
