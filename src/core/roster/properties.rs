//! For random workspaces and rosters: applying the plan to a model of the workspace
//! yields the roster's state, the plan of the result is empty, no plan leaves zero
//! active ADMINs, every applied action is then `already_true`; `parse_roster` never
//! panics. Native only: proptest is not a wasm32 dev-dependency.
use super::plan::{admins_after, LAST_ADMIN};
use super::*;
use crate::core::model::{ActiveUser, InvitedUser};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4000)
}

const ROLES: [&str; 3] = [ADMIN, "DEVELOPER", "ANALYST"];

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// Emails from a small pool (so rosters and workspaces overlap), in random case.
fn email(i: usize, upper: bool) -> String {
    let e = format!("user{i}@x.io");
    if upper {
        e.to_uppercase()
    } else {
        e
    }
}

fn workspace() -> impl Strategy<Value = Workspace> {
    // Per pool slot: 0 absent, 1 active, 2 invited SENT, 3 invited EXPIRED; a role.
    prop::collection::vec((0..4u8, 0..3usize, any::<bool>()), 0..12).prop_map(|slots| {
        let mut ws = Workspace::default();
        for (i, (state, role, upper)) in slots.into_iter().enumerate() {
            let account_type = ROLES[role].to_string();
            match state {
                1 => ws.active_users.push(ActiveUser {
                    name: None,
                    uid: format!("uid{i}"),
                    email: email(i, upper),
                    account_type,
                }),
                2 | 3 => ws.invited_users.push(InvitedUser {
                    email: email(i, upper),
                    account_type,
                    invite_status: if state == 2 { "SENT" } else { "EXPIRED" }.into(),
                }),
                _ => {}
            }
        }
        ws
    })
}

fn roster() -> impl Strategy<Value = Vec<RosterEntry>> {
    prop::collection::btree_map(0..14usize, (0..3usize, any::<bool>()), 0..12).prop_map(|m| {
        m.into_iter()
            .map(|(i, (role, upper))| RosterEntry {
                email: email(i, upper),
                account_type: ROLES[role].to_string(),
                workspace: None,
            })
            .collect()
    })
}

fn settings() -> impl Strategy<Value = PlanSettings> {
    (
        any::<bool>(),
        prop::collection::vec((0..14usize, any::<bool>()), 0..3),
    )
        .prop_map(|(disable_missing, keep)| PlanSettings {
            disable_missing,
            keep: keep.into_iter().map(|(i, u)| email(i, u)).collect(),
        })
}

/// What the API would do with each action.
fn apply(ws: &Workspace, actions: &[Action]) -> Workspace {
    let mut ws = ws.clone();
    for action in actions {
        match action {
            Action::Invite {
                email,
                account_type,
                ..
            } => {
                ws.invited_users.retain(|i| lower(&i.email) != lower(email));
                ws.invited_users.push(InvitedUser {
                    email: email.clone(),
                    account_type: account_type.clone(),
                    invite_status: "SENT".into(),
                });
            }
            Action::Update {
                uid, account_type, ..
            } => {
                for m in ws.active_users.iter_mut().filter(|m| &m.uid == uid) {
                    m.account_type = account_type.clone();
                }
            }
            Action::Disable { uid, .. } => ws.active_users.retain(|m| &m.uid != uid),
        }
    }
    ws
}

proptest! {
    // 4,000 cases, unless PROPTEST_CASES says otherwise (`make mutants` runs fewer per mutant).
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn applying_the_plan_yields_the_roster(ws in workspace(), roster in roster(), settings in settings()) {
        let admins_before = admins_after(&ws, &[]);
        let plan = match plan_sync(&roster, &ws, &settings) {
            Ok(plan) => plan,
            Err(why) => {
                prop_assert_eq!(why.rule, LAST_ADMIN);
                prop_assert!(admins_before > 0);
                return Ok(());
            }
        };
        let after = apply(&ws, &plan.actions);
        let keep: Vec<String> = settings.keep.iter().map(|e| lower(e)).collect();
        for entry in &roster {
            let k = lower(&entry.email);
            match after.active_users.iter().find(|m| lower(&m.email) == k) {
                Some(m) => prop_assert!(m.account_type == entry.account_type || keep.contains(&k)),
                None => prop_assert!(after.invited_users.iter().any(|i| lower(&i.email) == k
                    && i.account_type == entry.account_type
                    && i.invite_status != "EXPIRED")),
            }
        }
        if settings.disable_missing {
            for m in &after.active_users {
                let k = lower(&m.email);
                prop_assert!(roster.iter().any(|e| lower(&e.email) == k) || keep.contains(&k));
            }
        }
        for action in &plan.actions {
            if let Action::Update { email, .. } | Action::Disable { email, .. } = action {
                prop_assert!(!keep.contains(&lower(email)), "kept {} was changed", email);
            }
        }
        if admins_before > 0 {
            prop_assert!(admins_after(&after, &[]) > 0);
        }
        prop_assert_eq!(admins_after(&ws, &plan.actions), admins_after(&after, &[]));
        for action in &plan.actions {
            prop_assert!(already_true(action, &after), "{:?}", action);
        }
        let again = plan_sync(&roster, &after, &settings);
        prop_assert_eq!(again.map(|p| p.actions), Ok(Vec::new()));
        prop_assert_eq!(plan.unchanged as usize + plan.actions.iter().filter(|a| !matches!(a, Action::Disable { .. })).count(), roster.len());
    }

    #[test]
    fn the_order_is_invites_promotions_updates_disables(ws in workspace(), roster in roster(), settings in settings()) {
        if let Ok(plan) = plan_sync(&roster, &ws, &settings) {
            let rank = |a: &Action| match a {
                Action::Invite { .. } => 0,
                Action::Update { account_type, .. } if account_type == ADMIN => 1,
                Action::Update { .. } => 2,
                Action::Disable { .. } => 3,
            };
            let ranks: Vec<_> = plan.actions.iter().map(rank).collect();
            prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
        }
    }

    #[test]
    fn parse_roster_never_panics(csv in "(?s)[a-zA-Z@.,\"\r\n \t\u{feff}é_0-9]{0,200}") {
        let r = parse_roster(&csv);
        let v: serde_json::Value = serde_json::to_value(&r).unwrap();
        prop_assert!(v.is_object());
    }

    #[test]
    fn parse_roster_never_panics_on_any_text(csv in any::<String>()) {
        let _ = parse_roster(&csv);
    }
}
