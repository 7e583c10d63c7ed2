#include "engineio/enginepacket.h"
