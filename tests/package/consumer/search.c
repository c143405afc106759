/* Searches the index the C++ consumer built, through the installed C API (libparasearch_c.so) only. */
#include <parasearch/parasearch.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  ps_searcher *s = NULL;
  char *json = NULL;
  int ok = 0;
  if (argc != 2) return 2;
  if (ps_searcher_open(argv[1], 1, &s) != PS_OK) {
    fprintf(stderr, "%s\n", ps_last_error());
    return 1;
  }
  if (ps_search(s, "\"preventive diplomacy\"", PS_NUL_TERMINATED, "{\"limit\": 1}", &json) == PS_OK) {
    ok = strstr(json, "\"path\":\"note.txt\"") != NULL;
    printf("%s %s\n", ps_version(), json);
  } else {
    fprintf(stderr, "%s\n", ps_last_error());
  }
  ps_free(json);
  ps_searcher_close(s);
  return ok ? 0 : 1;
}
