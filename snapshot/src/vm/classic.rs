//! What Lua 5.3 and 5.1 lay out alike: their tables, userdata, closures,
//! prototypes and stacks have the same fields under the same names, read
//! the same way. `classic!()` writes these accessors into a layout module
//! (`lua53`, `lua51`), where they read that module's structs.

/// The accessors 5.3 and 5.1 share; expanded in a layout module that
/// defines `TValue`, `Table`, `Node`, `Udata`, `LClosure`, `CClosure`,
/// `UpVal`, `Proto`, `LuaState`, `VSHRSTR`, `TM_MODE_BIT`, `string_bytes`.
macro_rules! classic {
    () => {
        // ------------------------------------------------------------ tables

        pub unsafe fn table_metatable(t: *const c_void) -> *const c_void {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(t as *const Table)).metatable as *const c_void }
        }

        pub unsafe fn table_array(t: *const c_void) -> *const TValue {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(t as *const Table)).array }
        }

        /// The key and value of hash node `i`.
        pub unsafe fn table_node(t: *const c_void, i: usize) -> (TValue, TValue) {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                let n = &*(*(t as *const Table)).node.add(i);
                (n.key, n.val)
            }
        }

        pub unsafe fn table_size(t: *const c_void) -> usize {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                std::mem::size_of::<Table>()
                    + table_array_len(t) * std::mem::size_of::<TValue>()
                    + table_node_len(t) * std::mem::size_of::<Node>()
            }
        }

        /// Raw lookup of a short-string key by content; used only for
        /// `__mode` and `__name`, never calling `__index`.
        pub unsafe fn table_get_str(t: *const c_void, key: &[u8]) -> Option<TValue> {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                for i in 0..table_node_len(t) {
                    let (k, v) = table_node(t, i);
                    if !v.is_empty() && k.variant() == VSHRSTR && string_bytes(k.gc()) == key {
                        return Some(v);
                    }
                }
                None
            }
        }

        /// Whether the metatable caches the absence of `__mode` (the VM's
        /// fast path).
        pub unsafe fn table_lacks_mode(mt: *const c_void) -> bool {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(mt as *const Table)).flags & TM_MODE_BIT != 0 }
        }

        // ---------------------------------------------------------- userdata

        pub unsafe fn udata_metatable(u: *const c_void) -> *const c_void {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(u as *const Udata)).metatable as *const c_void }
        }

        /// `sizeudata`: the header, then the block.
        pub unsafe fn udata_size(u: *const c_void) -> usize {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { std::mem::size_of::<Udata>() + (*(u as *const Udata)).len }
        }

        /// Address of the userdata's memory block, as `lua_touserdata`
        /// returns it.
        pub unsafe fn udata_block(u: *const c_void) -> *const c_void {
            // SAFETY: the block follows the header in the same allocation.
            unsafe { (u as *const u8).add(std::mem::size_of::<Udata>()) as *const c_void }
        }

        // ---------------------------------------------------------- closures

        pub unsafe fn lclosure_proto(f: *const c_void) -> *const c_void {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(f as *const LClosure)).p as *const c_void }
        }

        pub unsafe fn lclosure_upvalues(f: *const c_void) -> usize {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(f as *const LClosure)).nupvalues as usize }
        }

        /// The cell of upvalue `i` (null while the closure is being built).
        pub unsafe fn lclosure_upvalue_cell(f: *const c_void, i: usize) -> *const c_void {
            // SAFETY: `f` is a live Lua closure with more than `i` upvalues
            // (the caller's contract); the slot is read, not dereferenced.
            unsafe { *(*(f as *const LClosure)).upvals.as_ptr().add(i) as *const c_void }
        }

        /// The value in an upvalue cell: its own slot once closed, a stack
        /// slot of the thread that declared the local while open.
        pub unsafe fn upvalue_value(uv: *const c_void) -> Option<TValue> {
            let uv = uv as *const UpVal;
            // SAFETY: `uv` is a live, non-null upvalue cell (the caller's
            // contract); `v` points at its value while it is not null.
            unsafe {
                if (*uv).v.is_null() {
                    return None;
                }
                Some(*(*uv).v)
            }
        }

        /// Bytes of an upvalue cell (open or closed: the same struct).
        pub const UPVALUE_SIZE: usize = std::mem::size_of::<UpVal>();

        pub unsafe fn lclosure_size(f: *const c_void) -> usize {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                std::mem::offset_of!(LClosure, upvals)
                    + std::mem::size_of::<*mut UpVal>() * lclosure_upvalues(f)
            }
        }

        pub unsafe fn cclosure_upvalues(f: *const c_void) -> usize {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(f as *const CClosure)).nupvalues as usize }
        }

        pub unsafe fn cclosure_upvalue(f: *const c_void, i: usize) -> TValue {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { *(*(f as *const CClosure)).upvalue.as_ptr().add(i) }
        }

        pub unsafe fn cclosure_function(f: *const c_void) -> *const c_void {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(f as *const CClosure)).f as *const c_void }
        }

        pub unsafe fn cclosure_size(f: *const c_void) -> usize {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                std::mem::offset_of!(CClosure, upvalue)
                    + std::mem::size_of::<TValue>() * cclosure_upvalues(f)
            }
        }

        // -------------------------------------------------------- prototypes

        pub unsafe fn proto_source(p: *const c_void) -> *const c_void {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(p as *const Proto)).source as *const c_void }
        }

        pub unsafe fn proto_linedefined(p: *const c_void) -> i32 {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(p as *const Proto)).linedefined }
        }

        pub unsafe fn proto_constants(p: *const c_void) -> impl Iterator<Item = TValue> {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                let p = &*(p as *const Proto);
                raw_slice(p.k, p.sizek).iter().copied()
            }
        }

        pub unsafe fn proto_children(p: *const c_void) -> impl Iterator<Item = *const c_void> {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                let p = &*(p as *const Proto);
                raw_slice(p.p as *const *const c_void, p.sizep)
                    .iter()
                    .copied()
            }
        }

        /// The first instruction of the prototype's code.
        pub(super) unsafe fn proto_code(p: *const c_void) -> *const u32 {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe { (*(p as *const Proto)).code }
        }

        /// Names of the locals active at `pc`, in register order
        /// (`luaF_getlocalname`).
        pub unsafe fn proto_active_locals(p: *const c_void, pc: i32, out: &mut Vec<*const c_void>) {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                out.clear();
                let p = &*(p as *const Proto);
                for lv in raw_slice(p.locvars, p.sizelocvars) {
                    if lv.startpc > pc {
                        break;
                    }
                    if pc < lv.endpc && !lv.varname.is_null() {
                        out.push(lv.varname as *const c_void);
                    }
                }
            }
        }

        /// The register of the local `name` active at `pc` (the innermost
        /// of that name), as `lua_getlocal` numbers them.
        pub unsafe fn proto_local_register(p: *const c_void, name: &[u8], pc: i32) -> Option<u8> {
            // SAFETY: the caller's contract: a live prototype, whose
            // names are live strings.
            unsafe {
                let p = &*(p as *const Proto);
                let mut found = None;
                let mut active = 0usize;
                for lv in raw_slice(p.locvars, p.sizelocvars) {
                    if lv.startpc > pc {
                        break;
                    }
                    if pc < lv.endpc {
                        if !lv.varname.is_null()
                            && string_bytes(lv.varname as *const c_void) == name
                        {
                            found = u8::try_from(active).ok();
                        }
                        active += 1;
                    }
                }
                found
            }
        }

        /// Source line of instruction `pc` (one absolute line per
        /// instruction).
        pub unsafe fn proto_line(p: *const c_void, pc: i32) -> i32 {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                let p = &*(p as *const Proto);
                match raw_slice(p.lineinfo, p.sizelineinfo).get(pc.max(0) as usize) {
                    Some(&line) if pc >= 0 => line,
                    _ => -1,
                }
            }
        }

        /// The bytes of a name the compiler recorded (an upvalue's or a
        /// local's): a Lua string.
        ///
        /// # Safety
        /// `name` comes from `proto_upvalue_name` or `proto_active_locals`
        /// of a live prototype.
        pub unsafe fn debug_name_bytes<'a>(name: *const c_void) -> &'a [u8] {
            // SAFETY: the caller's contract: a live string.
            unsafe { string_bytes(name) }
        }

        /// A C array of `n` items as a slice (empty for null or `n <= 0`).
        unsafe fn raw_slice<'a, T>(p: *const T, n: i32) -> &'a [T] {
            // SAFETY: the caller gives an array of at least `n` items that
            // lives for `'a`; null and non-positive sizes never reach
            // from_raw_parts.
            unsafe {
                if p.is_null() || n <= 0 {
                    &[]
                } else {
                    std::slice::from_raw_parts(p, n as usize)
                }
            }
        }

        // ----------------------------------------------------------- threads

        /// One call of a thread, innermost first.
        pub struct FrameRecord {
            /// Stack slot of the called function.
            pub func: *const TValue,
            pub is_lua: bool,
            /// Lua frames: the prototype, the instruction being run, the
            /// slot of the first local, and the varargs (`nextraargs` slots
            /// from `varargs`).
            pub proto: *const c_void,
            pub pc: i32,
            pub base: *const TValue,
            pub varargs: *const TValue,
            pub nextraargs: usize,
        }

        /// Pushes `values` on `l`'s stack as the VM copies values to stack
        /// slots (no allocation, no write barrier: stacks are re-scanned
        /// atomically).
        ///
        /// # Safety
        /// `l` is the running thread with `values.len()` free slots
        /// reserved (`lua_checkstack`), and the values name live objects.
        pub unsafe fn push_values(l: *mut c_void, values: &[TValue]) {
            // SAFETY: the caller's contract.
            unsafe {
                let l = &mut *(l as *mut LuaState);
                for &v in values {
                    *l.top = v;
                    l.top = l.top.add(1);
                }
            }
        }

        pub unsafe fn thread_stack(th: *const c_void) -> (*const TValue, *const TValue) {
            // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
            unsafe {
                let l = &*(th as *const LuaState);
                (l.stack, l.top)
            }
        }

        /// The object on top of thread `th`'s stack (the gc pointer, which
        /// for a full userdata is not what `lua_topointer` returns), if
        /// collectable.
        ///
        /// # Safety
        /// `th` is a live thread of the VM, on the VM thread, with a value
        /// pushed.
        pub unsafe fn top_object(th: *const c_void) -> Option<*const c_void> {
            // SAFETY: a value is pushed (the caller's contract).
            unsafe {
                let v = *(*(th as *const LuaState)).top.sub(1);
                v.is_collectable().then(|| v.gc())
            }
        }

        // --------------------------------------------- the runtime's answers

        /// Array slot `i` of a table holds key `i + ARRAY_BASE`.
        pub const ARRAY_BASE: i64 = 1;
        /// No value of these runtimes has this variant: LuaJIT's FFI data.
        pub const VCDATA: u8 = 0xff;

        /// Bytes in use by the VM (`collectgarbage("count")`).
        ///
        /// # Safety
        /// `l` is a live state on this thread.
        pub unsafe fn heap_bytes(l: *mut mlua::ffi::lua_State) -> usize {
            use mlua::ffi;
            // SAFETY: the caller's contract; LUA_GCCOUNT(B) only read counters.
            unsafe {
                ffi::lua_gc(l, ffi::LUA_GCCOUNT, 0) as usize * 1024
                    + ffi::lua_gc(l, ffi::LUA_GCCOUNTB, 0) as usize
            }
        }

        /// Lets the collector run again.
        ///
        /// # Safety
        /// `l` is a live state on this thread.
        pub unsafe fn gc_restart(l: *mut mlua::ffi::lua_State) {
            // SAFETY: the caller's contract; LUA_GCRESTART never raises.
            unsafe {
                mlua::ffi::lua_gc(l, mlua::ffi::LUA_GCRESTART, 0);
            }
        }

        /// FFI data: LuaJIT's; never reached here.
        ///
        /// # Safety
        /// Never called.
        pub unsafe fn cdata_size(_o: *const c_void) -> usize {
            0
        }

        /// Compiled traces of a prototype: LuaJIT's; none here.
        ///
        /// # Safety
        /// `_p` is a live prototype.
        pub unsafe fn proto_root_trace(_p: *const c_void) -> u16 {
            0
        }

        /// The constants the traces numbered `roots` hold: LuaJIT's; none
        /// here.
        ///
        /// # Safety
        /// `l` is a live state on this thread.
        pub unsafe fn trace_constants(
            _l: *mut mlua::ffi::lua_State,
            _roots: &[u16],
            _out: &mut Vec<(u16, TValue)>,
        ) {
        }

        // ------------------------------------------- the debugger's frames

        impl crate::vm::frame_common::ProtoRef {
            /// `linedefined` and `lastlinedefined` (0, 0 for a main chunk).
            ///
            /// # Safety
            /// As for [`ProtoRef::at`](crate::vm::frame_common::ProtoRef::at).
            #[inline]
            pub unsafe fn lines(self) -> (i32, i32) {
                // SAFETY: the caller's contract: a live prototype.
                unsafe {
                    let p = &*(self.0 as *const Proto);
                    (p.linedefined, p.lastlinedefined)
                }
            }

            /// The register of the local `name` visible at `pc` (the
            /// innermost of that name), as `lua_getlocal` numbers them.
            ///
            /// # Safety
            /// As for [`ProtoRef::at`](crate::vm::frame_common::ProtoRef::at).
            #[inline]
            pub unsafe fn local_register(self, name: &[u8], pc: i32) -> Option<u8> {
                // SAFETY: the caller's contract.
                unsafe { proto_local_register(self.0, name, pc) }
            }

            /// The chunk name, `None` while the parser has not set it.
            ///
            /// # Safety
            /// As for [`ProtoRef::at`](crate::vm::frame_common::ProtoRef::at).
            #[inline]
            pub unsafe fn source_if_set<'a>(self) -> Option<&'a [u8]> {
                // SAFETY: the caller's contract.
                unsafe {
                    let s = (*(self.0 as *const Proto)).source;
                    (!s.is_null()).then(|| string_bytes(s as *const c_void))
                }
            }
        }
    };
}

pub(super) use classic;
