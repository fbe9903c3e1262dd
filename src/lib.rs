//! `paradime-users`: a typed client for Paradime's User Management GraphQL API, compiled
//! to WebAssembly.
//!
//! [`core`] is plain Rust that knows Paradime's API and nothing of JavaScript; the shell
//! (wasm32 only) turns JS values into core types, calls `fetch`, sleeps, and turns results
//! back into JS. This file is the wasm face: `ParadimeClient`, `isParadimeError`,
//! `accountTypes`.

// The wasm build is `no_std`: std's panic machinery (message formatting, payload boxing)
// was kilobytes of every download, and a panic must never happen anyway. Native builds and
// unit tests keep std.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

extern crate alloc;

pub mod core;

/// What every module of the crate uses from `alloc` (the std prelude's share of it).
mod prelude {
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

/// A panic in the wasm build stops the current call at once (`unreachable`), with no
/// message formatting linked in. No path a request, a response or a JS argument can reach
/// panics (the code has no unwrap, expect or unchecked indexing); this is the last guard.
/// Test builds (`--features std`, used by `wasm-pack test`) keep std's handler.
#[cfg(all(target_arch = "wasm32", not(test), not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo<'_>) -> ! {
    ::core::arch::wasm32::unreachable()
}

/// The allocator of the wasm build: talc, smaller and faster than the dlmalloc std brings.
#[cfg(all(target_arch = "wasm32", not(test)))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
mod shell;

#[cfg(target_arch = "wasm32")]
pub use face::*;

#[cfg(target_arch = "wasm32")]
mod face {
    use alloc::rc::Rc;

    use js_sys::{Array, Promise};
    use wasm_bindgen::prelude::*;

    use crate::core::decode::Want;
    use crate::core::error::Error;
    use crate::core::operation::{Operation, Variables};
    use crate::core::options::client_config;
    use crate::core::validate::{self, ACCOUNT_TYPES_JSON};
    use crate::shell::call::{start, Client};
    use crate::shell::js::{self, ArgBuf};

    /// A client for one Paradime workspace's User Management API.
    ///
    /// ```js
    /// const client = new ParadimeClient({ endpoint, apiKey, apiSecret });
    /// const { activeUsers, invitedUsers } = await client.listUsers();
    /// ```
    ///
    /// Every method returns a Promise and never throws synchronously: a bad argument
    /// rejects with a `ParadimeError` of kind `"validation"` and nothing is sent. One client
    /// serves many calls at once; the credentials it holds are not readable from JS.
    #[wasm_bindgen]
    pub struct ParadimeClient {
        client: Rc<Client>,
    }

    fn reject(error: Error) -> Promise {
        Promise::reject(&js::error_value(&error))
    }

    #[wasm_bindgen]
    impl ParadimeClient {
        /// Creates a client. Throws a `ParadimeError` of kind `"config"` naming the
        /// offending option (never its value) when the options are not usable: unknown
        /// keys, a key without a secret, a company token without `workspaceUid`, an
        /// endpoint that is not an absolute http(s) URL, `http://` to a non-loopback host
        /// without `allowInsecureHttp`, a non-positive timeout.
        #[wasm_bindgen(constructor)]
        pub fn new(
            #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
        ) -> Result<ParadimeClient, JsValue> {
            let entries = js::options_entries(&options);
            let config = client_config(entries.as_deref()).map_err(|e| js::error_value(&e))?;
            Ok(ParadimeClient {
                client: Rc::new(Client::new(config)),
            })
        }

        /// All active and invited users of the workspace. Retried on network errors,
        /// 408/429/5xx. Rejects with a `ParadimeError`.
        #[wasm_bindgen(js_name = listUsers, unchecked_return_type = "Promise<UserList>")]
        pub fn list_users(
            &self,
            #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
        ) -> Promise {
            self.list(Want::UserList, options)
        }

        /// The active users (a helper on `listUsers`; errors report `operation: "listUsers"`).
        #[wasm_bindgen(js_name = listActiveUsers, unchecked_return_type = "Promise<ActiveUser[]>")]
        pub fn list_active_users(
            &self,
            #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
        ) -> Promise {
            self.list(Want::ActiveUsers, options)
        }

        /// The invited users (a helper on `listUsers`).
        #[wasm_bindgen(js_name = listInvitedUsers, unchecked_return_type = "Promise<InvitedUser[]>")]
        pub fn list_invited_users(
            &self,
            #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
        ) -> Promise {
            self.list(Want::InvitedUsers, options)
        }

        /// The active user with this email, compared case-insensitively, or `null`. The
        /// email is validated like `inviteUser`'s.
        #[wasm_bindgen(js_name = getUserByEmail, unchecked_return_type = "Promise<ActiveUser | null>")]
        pub fn get_user_by_email(
            &self,
            #[wasm_bindgen(unchecked_param_type = "string")] email: JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
        ) -> Promise {
            let email = match validate::email(Operation::ListUsers, ArgBuf::new(&email).arg()) {
                Ok(email) => email,
                Err(e) => return reject(e),
            };
            start(
                self.client.clone(),
                Want::UserByEmail(&email),
                Variables::None {},
                options,
            )
        }

        /// Invites `email` with the role `accountType`. Not retried after a network error
        /// or 5xx (the invite may have been sent; check `listInvitedUsers`), only after 429.
        #[wasm_bindgen(js_name = inviteUser, unchecked_return_type = "Promise<void>")]
        pub fn invite_user(
            &self,
            #[wasm_bindgen(unchecked_param_type = "string")] email: JsValue,
            #[wasm_bindgen(js_name = "accountType", unchecked_param_type = "AccountType")]
            account_type: JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
        ) -> Promise {
            let op = Operation::InviteUser;
            let variables = validate::email(op, ArgBuf::new(&email).arg()).and_then(|email| {
                validate::account_type(op, ArgBuf::new(&account_type).arg()).map(|account_type| {
                    Variables::Invite {
                        email,
                        account_type,
                    }
                })
            });
            self.mutate(variables, options)
        }

        /// Changes the role of the active user `uid`.
        #[wasm_bindgen(js_name = updateUserAccountType, unchecked_return_type = "Promise<void>")]
        pub fn update_user_account_type(
            &self,
            #[wasm_bindgen(unchecked_param_type = "string")] uid: JsValue,
            #[wasm_bindgen(js_name = "accountType", unchecked_param_type = "AccountType")]
            account_type: JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
        ) -> Promise {
            let op = Operation::UpdateUserAccountType;
            let variables = validate::uid(op, ArgBuf::new(&uid).arg()).and_then(|uid| {
                validate::account_type(op, ArgBuf::new(&account_type).arg())
                    .map(|account_type| Variables::Update { uid, account_type })
            });
            self.mutate(variables, options)
        }

        /// Disables the active user `uid`.
        #[wasm_bindgen(js_name = disableUser, unchecked_return_type = "Promise<void>")]
        pub fn disable_user(
            &self,
            #[wasm_bindgen(unchecked_param_type = "string")] uid: JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
        ) -> Promise {
            let variables = validate::uid(Operation::DisableUser, ArgBuf::new(&uid).arg())
                .map(|uid| Variables::Disable { uid });
            self.mutate(variables, options)
        }
    }

    impl ParadimeClient {
        fn list(&self, want: Want<'static>, options: JsValue) -> Promise {
            start(self.client.clone(), want, Variables::None {}, options)
        }

        fn mutate(&self, variables: Result<Variables, Error>, options: JsValue) -> Promise {
            let variables = match variables {
                Ok(v) => v,
                Err(e) => return reject(e),
            };
            let want = Want::Ack(variables.operation());
            start(self.client.clone(), want, variables, options)
        }
    }

    /// True when `value` is an error from this package (an `Error` named
    /// `"ParadimeError"` with a `kind`).
    #[wasm_bindgen(js_name = isParadimeError, unchecked_return_type = "value is ParadimeError")]
    pub fn is_paradime_error(
        #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
    ) -> bool {
        js::is_paradime_error(&value)
    }

    /// The account types this version knows, in the API's order. The methods also accept
    /// newer ones (every name matching `^[A-Z][A-Z0-9_]*$`).
    #[wasm_bindgen(js_name = accountTypes, unchecked_return_type = "AccountType[]")]
    pub fn account_types() -> Array {
        js::parse(ACCOUNT_TYPES_JSON).unchecked_into()
    }
}
