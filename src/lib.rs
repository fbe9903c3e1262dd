//! `paradime-users`: a typed client for Paradime's User Management GraphQL API.
