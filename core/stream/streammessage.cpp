#include "stream/streammessage.h"
