-- os.exit ends the script with the requested status; the leak report is
-- still produced.
kept = { "left behind" }
os.exit(3)
print("not reached")
