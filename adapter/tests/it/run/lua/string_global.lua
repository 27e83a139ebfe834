-- A 20 KB string kept in a global: one string object of 24 + 20480 + 1 bytes.
payload = string.rep("x", 20 * 1024)
