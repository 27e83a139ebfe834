//! The frames of a stopped program, across the coroutines that resumed one
//! another, and the variable handles valid while it stays stopped.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use dap::types::{StackFrame, StackFramePresentationHint, StackTraceResponseBody};
use mlua::ffi::lua_State;
use mlua::Value;

use snapshot::frame::CallFrame;

use crate::debugger::frame_access::{self as raw, FrameRef};

/// Frames a `stackTrace` without `levels` returns at most. nvim-dap asks
/// this way and shows what it gets; VS Code asks for pages itself.
pub const UNPAGED_FRAMES: usize = 1000;
use crate::debugger::sources::SourceStore;

/// What a `variablesReference` stands for.
#[derive(Clone)]
pub enum Handle {
    Scope {
        frame: usize,
        kind: ScopeKind,
    },
    /// A table or userdata, with an expression that evaluates to it.
    Value {
        value: Value,
        expression: Option<String>,
    },
    /// The children of a big table from position `from` on: what an
    /// unpaged `variables` request did not return.
    Rest {
        table: mlua::Table,
        expression: Option<String>,
        from: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Locals,
    Upvalues,
    Globals,
}

struct ThreadFrames {
    thread: *mut lua_State,
    /// Its call-info chain, walked once at the stop: level `n` is
    /// `chain[n]`, so resolving a frame id costs no walk from the top.
    chain: Vec<CallFrame>,
    /// Level of the first frame shown (the debugger's own frames are below).
    base: usize,
    count: usize,
}

/// Where a frame index points.
enum Slot {
    Frame {
        thread: usize,
        level: usize,
    },
    /// The separator shown between a coroutine and its resumer.
    Label,
}

/// Everything that is valid only while the program is stopped.
pub struct StopContext {
    threads: Vec<ThreadFrames>,
    frames: RefCell<HashMap<usize, Rc<FrameRef>>>,
    handles: RefCell<Vec<Handle>>,
}

impl StopContext {
    /// The stack of `top` from `base` up, then the threads that resumed it
    /// (`running`, innermost first).
    ///
    /// # Safety
    /// On the VM thread, with the program stopped in `top`; the threads of
    /// `running` are alive.
    pub unsafe fn new(
        top: *mut lua_State,
        base: usize,
        running: Vec<*mut lua_State>,
    ) -> StopContext {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let chain = raw::frames(top);
            let mut threads = vec![ThreadFrames {
                thread: top,
                base,
                count: chain.len().saturating_sub(base),
                chain,
            }];
            for thread in running {
                if thread != top && !threads.iter().any(|t| t.thread == thread) {
                    let chain = raw::frames(thread);
                    threads.push(ThreadFrames {
                        thread,
                        base: 0,
                        count: chain.len(),
                        chain,
                    });
                }
            }
            // Below the main chunk are the debugger's own C frames: not shown.
            if let Some(bottom) = threads.last_mut() {
                while bottom.count > 0 {
                    let level = bottom.base + bottom.count - 1;
                    let frame = FrameRef::of(bottom.thread, bottom.chain[level]);
                    if frame.info().what != "C" {
                        break;
                    }
                    bottom.count -= 1;
                }
            }
            StopContext {
                threads,
                frames: RefCell::new(HashMap::new()),
                handles: RefCell::new(Vec::new()),
            }
        }
    }

    /// The stopped thread, its call-info chain, the level of its first
    /// frame shown and how many are shown.
    pub fn top_frames(&self) -> (*mut lua_State, &[CallFrame], usize, usize) {
        let t = &self.threads[0];
        (t.thread, &t.chain, t.base, t.count)
    }

    pub fn top_thread(&self) -> *mut lua_State {
        self.threads[0].thread
    }

    /// Frames in all, separators included.
    pub fn total(&self) -> usize {
        let frames: usize = self.threads.iter().map(|t| t.count).sum();
        frames + self.threads.len().saturating_sub(1)
    }

    fn slot(&self, mut index: usize) -> Option<Slot> {
        for (i, t) in self.threads.iter().enumerate() {
            if index < t.count {
                return Some(Slot::Frame {
                    thread: i,
                    level: t.base + index,
                });
            }
            index -= t.count;
            if i + 1 < self.threads.len() {
                if index == 0 {
                    return Some(Slot::Label);
                }
                index -= 1;
            }
        }
        None
    }

    /// The frame at `index` (0 = innermost); `None` for separators.
    pub fn frame(&self, index: usize) -> Option<Rc<FrameRef>> {
        if let Some(f) = self.frames.borrow().get(&index) {
            return Some(Rc::clone(f));
        }
        let frame = Rc::new(self.uncached_frame(index)?);
        self.frames.borrow_mut().insert(index, Rc::clone(&frame));
        Some(frame)
    }

    /// The frame at `index`, not kept: what `stackTrace` reads once.
    fn uncached_frame(&self, index: usize) -> Option<FrameRef> {
        let Slot::Frame { thread, level } = self.slot(index)? else {
            return None;
        };
        let t = &self.threads[thread];
        let frame = *t.chain.get(level)?;
        // SAFETY: the thread is in the chain of a stopped program (alive,
        // paused, its frames below the debugger's do not return) and we are
        // on the VM thread.
        Some(unsafe { FrameRef::of(t.thread, frame) })
    }

    /// The `stackTrace` body for frames `start..start + levels` (when
    /// `levels` is 0: the first [`UNPAGED_FRAMES`], with `totalFrames` saying
    /// how many there are, so a stack overflow of 200 000 frames answers at
    /// once; clients page for more). Frame ids are indexes + 1.
    pub fn stack_trace(
        &self,
        sources: &SourceStore,
        base_dir: &Path,
        start: usize,
        levels: usize,
    ) -> StackTraceResponseBody {
        let total = self.total();
        let end = if levels == 0 {
            start.saturating_add(UNPAGED_FRAMES).min(total)
        } else {
            start.saturating_add(levels).min(total)
        };
        let mut stack_frames = Vec::new();
        for index in start.min(end)..end {
            let id = index as i64 + 1;
            let Some(frame) = self.uncached_frame(index) else {
                stack_frames.push(StackFrame {
                    id,
                    name: "[coroutine resumed by]".into(),
                    presentation_hint: Some(StackFramePresentationHint::Label),
                    ..StackFrame::default()
                });
                continue;
            };
            let info = frame.info();
            if info.what == "C" {
                stack_frames.push(StackFrame {
                    id,
                    name: format!("[C] {}", info.name.as_deref().unwrap_or("?")),
                    presentation_hint: Some(StackFramePresentationHint::Subtle),
                    ..StackFrame::default()
                });
                continue;
            }
            let name = match (&info.name, info.what.as_str()) {
                (_, "main") => "main chunk".to_owned(),
                (Some(name), _) => name.clone(),
                (None, _) => {
                    let src = super::values::display_source(
                        std::str::from_utf8(&info.source).ok(),
                        Some(&info.short_src),
                        base_dir,
                    );
                    format!("function <{src}:{}>", info.line_defined)
                }
            };
            stack_frames.push(StackFrame {
                id,
                name,
                source: sources.source_of(&info.source, &info.short_src),
                line: info.current_line.max(0),
                column: 1,
                ..StackFrame::default()
            });
        }
        StackTraceResponseBody {
            stack_frames,
            total_frames: Some(total as i64),
        }
    }

    /// Registers a handle; returns its `variablesReference`.
    pub fn add_handle(&self, handle: Handle) -> i64 {
        let mut handles = self.handles.borrow_mut();
        handles.push(handle);
        handles.len() as i64
    }

    /// The handle of `reference`.
    pub fn handle(&self, reference: i64) -> Option<Handle> {
        let index = usize::try_from(reference.checked_sub(1)?).ok()?;
        self.handles.borrow().get(index).cloned()
    }
}
