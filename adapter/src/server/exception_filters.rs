//! `setExceptionBreakpoints`: the filters and their conditions, checked
//! here (a typo is an unverified filter with the compiler's message, as for
//! breakpoint conditions) and handed to the VM thread.

use dap::types::{
    Breakpoint, SetExceptionBreakpointsArguments, SetExceptionBreakpointsResponseBody,
};

use super::breakpoints::check_expressions;
use super::capabilities::{FILTER_OUT_OF_MEMORY, FILTER_RAISED, FILTER_UNCAUGHT};
use crate::debugger::{self, ExceptionFilters};

/// Sets the filters of `args`; the response body has one entry per filter
/// and filter option, in order.
pub fn set(args: &SetExceptionBreakpointsArguments) -> SetExceptionBreakpointsResponseBody {
    let mut filters = ExceptionFilters::default();
    let mut scratch = None;
    let plain = args.filters.iter().map(|id| (id.as_str(), None));
    let with_options = args.filter_options.iter().flatten().map(|o| {
        let condition = o.condition.as_deref().filter(|c| !c.trim().is_empty());
        (o.filter_id.as_str(), condition)
    });
    let mut verdicts = Vec::new();
    for (id, condition) in plain.chain(with_options) {
        let verdict = match condition {
            Some(code) => check_expressions(&mut scratch, Some(code), None),
            None => Ok(()),
        }
        .and_then(|()| enable(&mut filters, id, condition));
        verdicts.push(match verdict {
            Ok(()) => Breakpoint {
                verified: true,
                ..Breakpoint::default()
            },
            Err(message) => Breakpoint {
                verified: false,
                message: Some(message),
                ..Breakpoint::default()
            },
        });
    }
    debugger::set_exception_filters(filters);
    SetExceptionBreakpointsResponseBody {
        breakpoints: Some(verdicts),
    }
}

fn enable(filters: &mut ExceptionFilters, id: &str, condition: Option<&str>) -> Result<(), String> {
    let slot = match id {
        FILTER_UNCAUGHT => {
            filters.uncaught = true;
            &mut filters.conditions.uncaught
        }
        FILTER_RAISED => {
            filters.raised = true;
            &mut filters.conditions.raised
        }
        FILTER_OUT_OF_MEMORY if condition.is_none() => {
            filters.out_of_memory = true;
            return Ok(());
        }
        FILTER_OUT_OF_MEMORY => return Err("the out-of-memory filter takes no condition".into()),
        other => return Err(format!("unknown exception filter '{other}'")),
    };
    if let Some(code) = condition {
        *slot = Some(code.to_owned());
    }
    Ok(())
}
