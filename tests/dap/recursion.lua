-- A deep stack, for stackTrace paging.
local function down(n)
  if n == 0 then
    return 0 -- @bottom
  end
  return 1 + down(n - 1)
end
print(down(30))
