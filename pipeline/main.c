/* main.c - the papers command (placeholder while the stages are built). */
#include <stdio.h>
int main(void) { fputs("papers: not built yet\n", stderr); return 2; }
