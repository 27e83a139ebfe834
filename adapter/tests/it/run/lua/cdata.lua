-- LuaJIT's FFI data: three structs of 16 bytes in a global table and a
-- variable-length array of 100 bytes in a global. Each is an object of
-- its own, `cdata`, tagged `(D)`. The JIT is on, as under `luajit`.
assert(jit.status(), "the JIT is off")
local ffi = require "ffi"
ffi.cdef "typedef struct { double x, y; } point_t;"
points = {}
for i = 1, 3 do
  points[i] = ffi.new("point_t", i, i)
end
buffer = ffi.new("uint8_t[?]", 100)
