#include "socketio/backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace socketio {

Backoff::Backoff(int minMs, int maxMs, double randomizationFactor)
    : m_minMs(std::max(minMs, 0))
    , m_maxMs(std::max(maxMs, 0))
    , m_jitter(randomizationFactor)
{ }

int Backoff::nextDelay()
{
    return nextDelay(QRandomGenerator::global()->generateDouble());
}

int Backoff::nextDelay(double random)
{
    double ms = double(m_minMs) * std::pow(2.0, std::min(m_attempts, 30));
    ++m_attempts;
    if (m_jitter > 0) {
        const double deviation = std::floor(random * m_jitter * ms);
        ms = (int(std::floor(random * 10)) & 1) == 0 ? ms - deviation : ms + deviation;
    }
    return int(std::clamp(ms, 0.0, double(m_maxMs)));
}

} // namespace socketio
