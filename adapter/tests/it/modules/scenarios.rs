//! The `run/` scenarios of the two Lua libraries, in each host that loads
//! the modules: the same Lua programs and the same expectations (each
//! `*_on(host)` function of `run/`).

/// One `#[test]` per scenario, run in `$host`.
macro_rules! scenarios {
    ($host:expr) => {
        use crate::run::support::*;
        use crate::run::*;

        #[test]
        fn seed_dump_example() {
            lsnapshot_seed::seed_dump_example_lists_the_eleven_objects_of_the_readme_on($host);
        }
        #[test]
        fn accumulator() {
            accumulator::incr_shows_new_records_and_the_growth_of_the_list_on($host);
        }
        #[test]
        fn address_reuse() {
            address_reuse::new_object_at_a_freed_address_is_new_on($host);
        }
        #[test]
        fn cycles() {
            cycles::rooted_cycle_once_per_object_unrooted_cycle_not_at_all_on($host);
        }
        #[test]
        fn temporaries() {
            temporaries::lasting_owners_come_before_stack_temporaries_on($host);
        }
        #[test]
        fn userdata() {
            userdata::file_handle_is_reported_with_its_size_and_its_metatable_edge_on($host);
        }
        #[test]
        fn weak_values() {
            weak_tables::weak_values_are_not_reported_but_strings_and_strong_keys_are_on($host);
        }
        #[test]
        fn ephemeron() {
            weak_tables::ephemeron_value_is_reported_only_while_its_key_is_reachable_on($host);
        }
        #[test]
        fn snapshot_module() {
            snapshot_api::every_function_of_the_snapshot_module_on($host);
        }
        #[cfg(target_os = "linux")]
        #[test]
        fn snapshot_free() {
            snapshot_api::free_releases_the_snapshot_memory_on($host);
        }
        #[test]
        fn lsnapshot_outer_frame() {
            tool_frames::lsnapshot_reports_a_local_of_an_outer_frame_on($host);
        }
        #[test]
        fn snapshot_hides_itself() {
            tool_frames::snapshot_module_reports_a_local_of_an_outer_frame_and_hides_itself_on(
                $host,
            );
        }
        #[test]
        fn bad_snapshot_argument() {
            bad_input::snapshot_of_a_non_table_on($host);
        }
        #[test]
        fn missing_directory() {
            bad_input::to_file_into_a_missing_directory_on($host);
        }
        #[test]
        fn used_after_free() {
            bad_input::snapshot_used_after_free_on($host);
        }
        #[test]
        fn incr_non_snapshot() {
            bad_input::incr_with_a_table_instead_of_a_snapshot_on($host);
        }
    };
}

/// `LUA_CPATH='target/lua-modules/lua5.4/?.so' lua5.4 SCRIPT` (or
/// `luajit/` and `luajit`).
mod interpreter {
    scenarios!(Host::Interpreter);
}

/// `tests/host` built against Debian's liblua5.4 (5.4.4) or libluajit-5.1
/// (2.1.0-beta3).
mod game_debian {
    scenarios!(Host::Game(GameLua::Debian));
}

/// `tests/host` built against the vendored Lua 5.4.9 or LuaJIT.
mod game_vendored {
    scenarios!(Host::Game(GameLua::Vendored));
}
