//! The roster: the CSV parser, the `planSync` argument, `applySync`'s plan and
//! `inviteUsers`' entries, and planning against a fixed workspace: never a panic, always
//! JSON out, and a plan never leaves zero ADMINs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paradime_users::core::model::{ActiveUser, InvitedUser};
use paradime_users::core::roster::entry::check_action;
use paradime_users::core::roster::plan::admins_after;
use paradime_users::core::roster::{
    parse_roster, plan_sync, read_invites, read_plan_arg, read_roster_arg, PlanSettings, Workspace,
};

fn json_ok(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    // A plan or invites given back by a caller: checked whole, never a panic, and every
    // action let through passes the single-call rules.
    if selector & 8 != 0 {
        if let Ok((actions, _)) = read_plan_arg(&mut serde_json::Deserializer::from_str(&text)) {
            assert!(actions.iter().all(|a| check_action(a).is_ok()));
        }
        let _ = read_invites(&mut serde_json::Deserializer::from_str(&text));
        return;
    }
    let roster = parse_roster(&text);
    assert!(json_ok(&serde_json::to_string(&roster).unwrap()));
    let entries = if selector & 1 == 0 {
        roster.entries
    } else {
        match read_roster_arg(&mut serde_json::Deserializer::from_str(&text)) {
            Ok((entries, _)) => entries,
            Err(problem) => {
                assert!(!problem.to_string().is_empty());
                return;
            }
        }
    };
    let member = |uid: &str, email: &str, role: &str| ActiveUser {
        name: None,
        uid: uid.into(),
        email: email.into(),
        account_type: role.into(),
    };
    let workspace = Workspace {
        active_users: vec![
            member("u1", "jonny@acme.io", "ADMIN"),
            member("u2", "matt@acme.io", "DEVELOPER"),
            member("u3", "Ann@acme.io", "ANALYST"),
        ],
        invited_users: vec![InvitedUser {
            email: "max@acme.io".into(),
            account_type: "ADMIN".into(),
            invite_status: "EXPIRED".into(),
        }],
    };
    let settings = PlanSettings {
        disable_missing: selector & 2 != 0,
        keep: if selector & 4 != 0 {
            vec!["MATT@acme.io".into()]
        } else {
            vec![]
        },
    };
    if let Ok(plan) = plan_sync(&entries, &workspace, &settings) {
        assert!(json_ok(&serde_json::to_string(&plan).unwrap()));
        assert!(admins_after(&workspace, &plan.actions) > 0);
    }
});
