/*
 * A Lua host that embeds Lua the way a game does, for the module tests
 * (adapter/tests/it/modules/) and the attach tests. Built by the tests with
 * `cc` against Debian's liblua5.4-dev (or against Lua sources), or as a
 * LuaJIT host against Debian's libluajit-5.1-dev, into target/host/, never
 * into the source tree. It uses the C API common to both (Lua 5.1's
 * lua_getfield returns nothing: the type is asked with lua_type).
 *
 *   host [--frames N] [--frame-ms MS] [--stdin] [--twice] MODULE_DIR SCRIPT [ARGS...]
 *
 * - creates the state (luaL_newstate), opens the standard libraries, sets
 *   package.cpath to MODULE_DIR/?.so and the global `arg` ({[0] = SCRIPT,
 *   ARGS...}), and runs SCRIPT's main chunk;
 * - prints one line `host: ready` on stdout (flushed) once the main chunk
 *   has returned;
 * - then calls the global `update(frame)` (frame = 1, 2, ...) once per
 *   frame from C, sleeping MS milliseconds (default 10) between frames with
 *   nanosleep, resumed after EINTR (the attach code may signal the thread);
 * - between frames, if the script set the global `poll_between_frames` to
 *   true, calls `lsnapshot.poll()` (package.loaded.lsnapshot.poll), when Lua
 *   is idle: what a host does to let an attached debugger in while no Lua
 *   runs;
 * - stops after N frames (--frames; default: no limit), when `update`
 *   returns false, or (--stdin) when its standard input closes;
 * - closes the state (lua_close), prints `host: closed`, and exits 0.
 *   With --twice it then does it all again in a second state (a module
 *   loaded in the first must have let go of it cleanly).
 *
 * Errors (in the main chunk, update or poll) are printed on stderr with a
 * traceback; the host then exits 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

/* The message handler (as lua.c's): the error as text, with a traceback. */
static int traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
      msg = lua_tostring(L, -1);
    } else {
      msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* Calls the function below its `nargs` arguments; 0 on success. */
static int call(lua_State *L, int nargs, int nresults) {
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, traceback);
  lua_insert(L, base);
  int status = lua_pcall(L, nargs, nresults, base);
  lua_remove(L, base);
  if (status != LUA_OK) {
    fprintf(stderr, "host: %s\n", lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  return status;
}

static void sleep_ms(long ms) {
  struct timespec left = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&left, &left) == -1 && errno == EINTR) {
  }
}

/* Whether standard input has reached its end (without blocking). */
static int stdin_closed(void) {
  struct pollfd p = {0, POLLIN, 0};
  while (poll(&p, 1, 0) == 1) {
    char buf[256];
    ssize_t n = read(0, buf, sizeof buf);
    if (n == 0) return 1;
    if (n < 0) return errno != EINTR && errno != EAGAIN;
  }
  return 0;
}

struct options {
  long frames; /* 0: no limit */
  long frame_ms;
  int watch_stdin;
  int twice;
  const char *modules;
  const char *script;
  int nargs;
  char **args;
};

static int run(const struct options *o) {
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    fprintf(stderr, "host: cannot create a Lua state\n");
    return 1;
  }
  luaL_openlibs(L);
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/?.so", o->modules);
  lua_setfield(L, -2, "cpath");
  lua_pop(L, 1);
  lua_createtable(L, o->nargs, 1);
  lua_pushstring(L, o->script);
  lua_rawseti(L, -2, 0);
  for (int i = 0; i < o->nargs; i++) {
    lua_pushstring(L, o->args[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setglobal(L, "arg");

  int failed = luaL_loadfile(L, o->script);
  if (failed) {
    fprintf(stderr, "host: %s\n", lua_tostring(L, -1));
  } else {
    failed = call(L, 0, 0);
  }
  if (!failed) {
    printf("host: ready\n");
    fflush(stdout);
  }
  for (long frame = 1; !failed && (o->frames == 0 || frame <= o->frames); frame++) {
    lua_getglobal(L, "update");
    if (lua_type(L, -1) != LUA_TFUNCTION) {
      lua_pop(L, 1);
      break; /* nothing to run per frame */
    }
    lua_pushinteger(L, frame);
    if (call(L, 1, 1)) {
      failed = 1;
      break;
    }
    int go_on = !(lua_isboolean(L, -1) && !lua_toboolean(L, -1));
    lua_pop(L, 1);
    if (!go_on) break;
    lua_getglobal(L, "poll_between_frames");
    int poll_lua = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (poll_lua) {
      lua_getfield(L, LUA_REGISTRYINDEX, "_LOADED");
      lua_getfield(L, -1, "lsnapshot");
      if (lua_type(L, -1) == LUA_TTABLE &&
          (lua_getfield(L, -1, "poll"), lua_type(L, -1) == LUA_TFUNCTION)) {
        lua_replace(L, -3);
        lua_pop(L, 1);
        if (call(L, 0, 0)) failed = 1;
      } else {
        lua_settop(L, 0);
      }
    }
    if (o->watch_stdin && stdin_closed()) break;
    sleep_ms(o->frame_ms);
  }
  lua_close(L);
  printf("host: closed\n");
  fflush(stdout);
  return failed;
}

static void usage(void) {
  fprintf(stderr,
          "usage: host [--frames N] [--frame-ms MS] [--stdin] [--twice] MODULE_DIR SCRIPT [ARGS...]\n");
  exit(2);
}

int main(int argc, char **argv) {
  struct options o = {0, 10, 0, 0, NULL, NULL, 0, NULL};
  int i = 1;
  for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
    if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc) {
      o.frames = atol(argv[++i]);
    } else if (strcmp(argv[i], "--frame-ms") == 0 && i + 1 < argc) {
      o.frame_ms = atol(argv[++i]);
    } else if (strcmp(argv[i], "--stdin") == 0) {
      o.watch_stdin = 1;
    } else if (strcmp(argv[i], "--twice") == 0) {
      o.twice = 1;
    } else {
      usage();
    }
  }
  if (argc - i < 2) usage();
  o.modules = argv[i];
  o.script = argv[i + 1];
  o.nargs = argc - i - 2;
  o.args = argv + i + 2;
  int failed = run(&o);
  if (!failed && o.twice) failed = run(&o);
  return failed ? 1 : 0;
}
