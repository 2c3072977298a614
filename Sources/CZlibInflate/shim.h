// zlib from the system (Debian's zlib1g-dev), for streaming gzip inflate in Dumps.
#include <zlib.h>
