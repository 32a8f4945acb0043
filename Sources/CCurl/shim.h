#ifndef SIGNALBOX_CCURL_SHIM_H
#define SIGNALBOX_CCURL_SHIM_H
#include <curl/curl.h>
#endif
