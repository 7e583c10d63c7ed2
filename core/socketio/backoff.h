#pragma once

namespace socketio {

// Reconnection delays as socket.io-client's Backoff computes them: min * 2^attempts, spread by
// ±randomizationFactor, capped at max.
class Backoff final
{
public:
    Backoff(int minMs, int maxMs, double randomizationFactor);

    // Attempts counted since the last reset().
    int attempts() const { return m_attempts; }
    void reset() { m_attempts = 0; }

    // The delay before the next attempt (counts it), with a random jitter.
    int nextDelay();
    // The same with `random` in [0, 1) as the random draw (deterministic, for tests).
    int nextDelay(double random);

private:
    int m_minMs;
    int m_maxMs;
    double m_jitter;
    int m_attempts = 0;
};

} // namespace socketio
