/*
 * Runs one measured process and prints "wall_ns maxrss_kib cpu_us exit_code".
 *
 * usage: spawn LOG PROGRAM [ARG...]   (PROGRAM is a path; its output goes to LOG)
 *
 * Why a program of its own: the kernel starts a process's peak RSS (ru_maxrss) at the high-water mark
 * of the memory it replaced at exec. A child that Python posix_spawns (vfork) replaces Python's memory,
 * so every tool would report at least the harness's own peak, about 16 MB, where psql uses 11. A child
 * forked from this small program starts at this program's peak instead.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: spawn LOG PROGRAM [ARG...]\n");
        return 2;
    }

    int log = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log < 0) {
        perror(argv[1]);
        return 2;
    }

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }

    if (pid == 0) {
        dup2(log, 1);
        dup2(log, 2);
        close(log);
        execv(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }

    int status;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("wait4");
        return 2;
    }

    clock_gettime(CLOCK_MONOTONIC, &end);
    long long wall = (long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
    long long cpu = (long long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000LL + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%lld %ld %lld %d\n", wall, usage.ru_maxrss, cpu, code);
    return 0;
}
