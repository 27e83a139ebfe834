//! Walking a thread: its frames' named locals and varargs, then every other
//! live stack slot, leaving out the tool's own frames. The other slots are
//! temporaries: they are followed after everything else (see `Walker::run`).

use std::os::raw::c_void;

use super::Walker;
use crate::model::{EdgeName, ObjId, WideName};
use crate::vm::current as vm;

impl Walker<'_> {
    /// Walks a thread's stack: named locals and varargs of each frame, then
    /// every other live slot. Returns the index of its call-stack text.
    pub(super) unsafe fn expand_thread(&mut self, id: ObjId, th: *const c_void) -> u32 {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let mut frames = std::mem::take(&mut self.frames);
            vm::thread_frames(th, &mut frames);
            let (stack, top) = vm::thread_stack(th);
            let slots = top.offset_from(stack).max(0) as usize;
            // A slot is "done" once named, or when it belongs to a tool frame.
            let mut done = vec![false; slots];
            let mut described = Vec::new();
            let mut end = slots;
            for f in &frames {
                let start = (f.func.offset_from(stack).max(0) as usize).min(end);
                let callee = *f.func;
                let is_tool = callee.variant() == vm::VCCL
                    && self.opts.exclude.contains(callee.gc() as usize);
                if is_tool {
                    done[start..end].iter_mut().for_each(|d| *d = true);
                } else if f.is_lua && !f.proto.is_null() {
                    let func = self.function_info(f.proto);
                    let short = self.snap.functions[func as usize].short_src;
                    described.push(format!(
                        "{}:{}",
                        self.snap.names.get(short),
                        vm::proto_line(f.proto, f.pc)
                    ));
                    let mut locals = std::mem::take(&mut self.locals);
                    vm::proto_active_locals(f.proto, f.pc, &mut locals);
                    let base = f.base.offset_from(stack).max(0) as usize;
                    for (j, &local) in locals.iter().enumerate() {
                        let slot = base + j;
                        if slot < slots && !done[slot] {
                            done[slot] = true;
                            let name = WideName::Local {
                                name: self.intern_debug_name(local),
                                func,
                            };
                            let name = self.wide(name);
                            self.visit(id, name, *stack.add(slot));
                        }
                    }
                    self.locals = locals;
                    let varargs = f.varargs.offset_from(stack);
                    for j in 0..f.nextraargs {
                        let slot = varargs + j as isize;
                        if slot >= 0 && (slot as usize) < slots && !done[slot as usize] {
                            let slot = slot as usize;
                            done[slot] = true;
                            let n = (j + 1).min(u16::MAX as usize) as u16;
                            let name = self.wide(WideName::Vararg { n, func });
                            self.visit(id, name, *stack.add(slot));
                        }
                    }
                } else {
                    described.push("[C]".to_string());
                }
                end = start;
            }
            self.frames = frames;
            // Unnamed slots hold temporaries of the running statement: they are
            // followed only once everything else is walked (see `Walker::run`),
            // so that an object they share with a lasting owner is explained by
            // that owner.
            for (slot, &is_done) in done.iter().enumerate() {
                if !is_done {
                    let v = *stack.add(slot);
                    if v.is_collectable() {
                        self.temporaries.push((id, EdgeName::Stack(slot as u32), v));
                    }
                }
            }
            self.snap.threads.push(described.join(" "));
            (self.snap.threads.len() - 1) as u32
        }
    }
}
