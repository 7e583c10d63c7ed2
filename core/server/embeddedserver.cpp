#include "server/embeddedserver.h"
