-- Leaks two new strings per iteration: a short name and a long text.
Names = {}
for i = 1, 3 do
  Names[#Names + 1] = string.format("player-%d", i)
  Names[#Names + 1] = string.rep("é", 100) .. i
  local pause = i -- @tick
end
