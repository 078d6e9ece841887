#!/usr/bin/env bash
# tsan_batch.sh - the batch under ThreadSanitizer: builds papers alone with
# -DPAPERS_SANITIZE=thread into BUILD/tsan (the library and the command, not
# the tests: about two minutes on two cores, once; later runs rebuild what
# changed) and runs tests/e2e/batch.sh with it.  Any race report, in any
# papers process, fails the test (halt_on_error, and batch.sh looks for
# "ThreadSanitizer" in what the batches print).
#   tsan_batch.sh REPO BUILD_DIR SHARED WORK
# What it can see: races in papers' own code and in the calls it makes to
# pthreads and the C library.  GLib, pango, cairo, fontconfig and libxml2
# are not instrumented (Debian's builds), so a race inside one of them,
# between objects papers keeps apart per thread, is not seen here; batch.h
# says what the threads share and why each is safe.
set -u
REPO=$1 BUILD=$2 SHARED=$3 WORK=$4
TSAN=$BUILD/tsan
if ! echo 'int main(void){return 0;}' | cc -fsanitize=thread -x c - -o "$BUILD/tsan-probe" 2>/dev/null; then
    echo "SKIPPED: tsan_batch: the compiler has no ThreadSanitizer (libtsan)"
    exit 0
fi
rm -f "$BUILD/tsan-probe"
cmake -S "$REPO" -B "$TSAN" -DPAPERS_WERROR=ON -DPAPERS_SANITIZE=thread \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$BUILD/tsan-configure.log" 2>&1 ||
    { cat "$BUILD/tsan-configure.log"; exit 1; }
cmake --build "$TSAN" --target papers -j2 >"$BUILD/tsan-build.log" 2>&1 ||
    { tail -30 "$BUILD/tsan-build.log"; exit 1; }
export TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1:suppressions=$REPO/tests/sanitizers/tsan.supp"
# GLib's slice allocator hands blocks between threads through caches
# ThreadSanitizer cannot see; plain malloc it can.
export G_SLICE=always-malloc
export PAPERS_SANITIZED=1
# The set-up must catch a race (not a test that cannot fail): two threads
# writing one counter, with the same options and suppressions.
cat >"$BUILD/tsan-racy.c" <<'C'
#include <pthread.h>
static long counter;
static void *bump(void *unused) { (void)unused; for (int i = 0; i < 1000; i++) counter++; return 0; }
int main(void) { pthread_t a, b; pthread_create(&a, 0, bump, 0); pthread_create(&b, 0, bump, 0);
                 pthread_join(a, 0); pthread_join(b, 0); return counter == 0; }
C
cc -fsanitize=thread -g "$BUILD/tsan-racy.c" -o "$BUILD/tsan-racy" -lpthread
"$BUILD/tsan-racy" 2>"$BUILD/tsan-racy.err"
if [ $? -ne 66 ] || ! grep -q 'data race' "$BUILD/tsan-racy.err"; then
    echo "FAIL: ThreadSanitizer missed the race in tsan-racy.c"
    exit 1
fi
echo "ok: ThreadSanitizer reports a deliberate race"
exec bash "$REPO/tests/e2e/batch.sh" "$TSAN/bin/papers" "$REPO" "$SHARED" "$WORK"
