#ifndef SIGNALBOX_CCURL_SHIM_H
#define SIGNALBOX_CCURL_SHIM_H

#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>

/*
 * Typed wrappers around libcurl's variadic and macro APIs, which Swift cannot call or import
 * directly. Every wrapper is a plain forward: no logic lives here.
 */

/* ---- curl_easy_setopt ---- */

static inline CURLcode sb_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sb_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sb_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sb_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sb_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this type. */
static inline CURLcode sb_easy_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sb_easy_setopt_xferinfo_function(CURL *handle, CURLoption option, curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/* ---- curl_easy_getinfo ---- */

static inline CURLcode sb_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode sb_easy_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode sb_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* CURLINFO_PRIVATE hands back what CURLOPT_PRIVATE stored. */
static inline CURLcode sb_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* ---- curl_multi_setopt ---- */

static inline CURLMcode sb_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode sb_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode sb_multi_setopt_socket_function(CURLM *multi, CURLMoption option, curl_socket_callback value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode sb_multi_setopt_timer_function(CURLM *multi, CURLMoption option, curl_multi_timer_callback value) {
    return curl_multi_setopt(multi, option, value);
}

/* ---- macros Swift cannot import reliably ---- */

static inline size_t sb_writefunc_pause(void) { return CURL_WRITEFUNC_PAUSE; }
static inline int sb_pause_cont(void) { return CURLPAUSE_CONT; }
static inline int sb_pause_recv(void) { return CURLPAUSE_RECV; }
static inline curl_socket_t sb_socket_timeout(void) { return CURL_SOCKET_TIMEOUT; }
static inline int sb_cselect_in(void) { return CURL_CSELECT_IN; }
static inline int sb_cselect_out(void) { return CURL_CSELECT_OUT; }
static inline int sb_cselect_err(void) { return CURL_CSELECT_ERR; }
static inline int sb_poll_none(void) { return CURL_POLL_NONE; }
static inline int sb_poll_in(void) { return CURL_POLL_IN; }
static inline int sb_poll_out(void) { return CURL_POLL_OUT; }
static inline int sb_poll_inout(void) { return CURL_POLL_INOUT; }
static inline int sb_poll_remove(void) { return CURL_POLL_REMOVE; }
static inline long sb_global_all(void) { return CURL_GLOBAL_ALL; }
static inline int sb_error_size(void) { return CURL_ERROR_SIZE; }

static inline long sb_http_version_1_1(void) { return CURL_HTTP_VERSION_1_1; }
static inline long sb_http_version_2_0(void) { return CURL_HTTP_VERSION_2_0; }
static inline long sb_http_version_2tls(void) { return CURL_HTTP_VERSION_2TLS; }
static inline long sb_http_version_2_prior_knowledge(void) { return CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE; }

/* ---- epoll / eventfd flags (enum or macro values with awkward import types) ---- */

static inline unsigned int sb_epollin(void) { return EPOLLIN; }
static inline unsigned int sb_epollout(void) { return EPOLLOUT; }
static inline unsigned int sb_epollerr(void) { return EPOLLERR; }
static inline unsigned int sb_epollhup(void) { return EPOLLHUP; }
static inline unsigned int sb_epollrdhup(void) { return EPOLLRDHUP; }
static inline int sb_epoll_cloexec(void) { return EPOLL_CLOEXEC; }
static inline int sb_efd_cloexec_nonblock(void) { return EFD_CLOEXEC | EFD_NONBLOCK; }

/* The runtime libcurl's version as 0xXXYYZZ. */
static inline unsigned int sb_version_num(void) { return curl_version_info(CURLVERSION_NOW)->version_num; }

/* Names the calling thread (shown by top/gdb); prctl is variadic. */
static inline int sb_set_current_thread_name(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }

#endif
