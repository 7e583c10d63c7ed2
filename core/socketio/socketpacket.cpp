#include "socketio/socketpacket.h"
