#pragma once

#include <utility>
#include <variant>

namespace util {

// A value of type T or an error of type E: what every parser in core returns.
template<typename T, typename E> class Expected
{
public:
    Expected(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    Expected(E error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool hasValue() const { return m_data.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    // On an rvalue the value is moved out and returned by value, never as a reference into the
    // dying Expected: `for (const auto &x : *parse())` then iterates a lifetime-extended copy.
    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T value() && { return std::get<0>(std::move(m_data)); }
    T value() const && = delete;
    const E &error() const { return std::get<1>(m_data); }

    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T operator*() && { return std::move(*this).value(); }
    T operator*() const && = delete;

private:
    std::variant<T, E> m_data;
};

} // namespace util
