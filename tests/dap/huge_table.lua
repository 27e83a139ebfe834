-- A table of 2.2 million entries: a million in the array part, 1.2 million
-- string keys in the hash part; then a breakpoint.
local big = {}
for i = 1, 1000000 do
  big[i] = i
end
for i = 1, 1200000 do
  big["k" .. i] = i
end
local small = { b = 2, a = 1, 10, 20 }
print(#big, small.a) -- @look
