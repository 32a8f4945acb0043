// bench/floor.c — probes of the parts under Signalbox's hot path, for make bench's "stack floor".
//
//   floor curl URL N   N sequential keep-alive POSTs of the bench body with libcurl's easy
//                      interface (after a warm-up): libcurl alone as the upstream client, c=1.
//   floor hop N        N round trips between two threads that sleep in epoll_wait and wake each
//                      other through an eventfd: the event loop ⇄ libcurl thread hand-off that
//                      every proxied request makes, with no work on either side.
//
// Prints one JSON object. Only 127.0.0.1 / localhost URLs are accepted.
#include <curl/curl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_s(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (double)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + (double)(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

static size_t discard(char *data, size_t size, size_t count, void *user) {
    (void)data;
    (void)user;
    return size * count;
}

static int curl_probe(const char *url, int n) {
    if (strncmp(url, "http://127.0.0.1:", 17) != 0 && strncmp(url, "http://localhost:", 17) != 0) {
        fprintf(stderr, "floor: only 127.0.0.1 / localhost targets\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Authorization: Bearer sk-upstream-bench");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    for (int i = 0; i < n / 10 + 1; i++) {
        if (curl_easy_perform(curl) != CURLE_OK) {
            fprintf(stderr, "floor: warm-up request to %s failed\n", url);
            return 1;
        }
    }
    double t0 = now_s(), c0 = cpu_s();
    for (int i = 0; i < n; i++) {
        long status = 0;
        if (curl_easy_perform(curl) != CURLE_OK || (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status), status != 200)) {
            fprintf(stderr, "floor: request %d to %s failed (status %ld)\n", i, url, status);
            return 1;
        }
    }
    double wall = now_s() - t0, cpu = cpu_s() - c0;
    printf("{\"probe\":\"curl\",\"requests\":%d,\"mean_us\":%.2f,\"client_cpu_us\":%.2f}\n", n, wall / n * 1e6, cpu / n * 1e6);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return 0;
}

struct hop_side {
    int wait_fd, wake_fd, n;
};

static void wait_for(int epoll_fd, int fd) {
    struct epoll_event event;
    while (epoll_wait(epoll_fd, &event, 1, -1) < 1) {
    }
    uint64_t value;
    if (read(fd, &value, sizeof value) != sizeof value) abort();
}

static void wake(int fd) {
    uint64_t one = 1;
    if (write(fd, &one, sizeof one) != sizeof one) abort();
}

static int watch(int fd) {
    int epoll_fd = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event);
    return epoll_fd;
}

static void *hop_peer(void *arg) {
    struct hop_side *side = arg;
    int epoll_fd = watch(side->wait_fd);
    for (int i = 0; i < side->n; i++) {
        wait_for(epoll_fd, side->wait_fd);
        wake(side->wake_fd);
    }
    return NULL;
}

static int hop_probe(int n) {
    int to_peer = eventfd(0, 0), to_main = eventfd(0, 0);
    struct hop_side peer = {.wait_fd = to_peer, .wake_fd = to_main, .n = n};
    pthread_t thread;
    pthread_create(&thread, NULL, hop_peer, &peer);
    int epoll_fd = watch(to_main);
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        wake(to_peer);
        wait_for(epoll_fd, to_main);
    }
    double wall = now_s() - t0;
    pthread_join(thread, NULL);
    printf("{\"probe\":\"hop\",\"round_trips\":%d,\"round_trip_us\":%.2f}\n", n, wall / n * 1e6);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "curl") == 0) return curl_probe(argv[2], atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "hop") == 0) return hop_probe(atoi(argv[2]));
    fprintf(stderr, "usage: floor curl URL N | floor hop N\n");
    return 2;
}
