#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>

// Plain HTTP value types shared by the Engine.IO polling transport and the embedded host's
// routes, so that neither depends on QHttpServer (a technical preview in Qt 6.4).
namespace engineio {

// One HTTP request, copied out of the server's request object.
struct HttpRequest
{
    QByteArray method; // "GET", "POST", "OPTIONS", ...
    QString path; // decoded path, e.g. "/socket.io/"
    QUrlQuery query;
    // Names in lower case; repeated fields joined with ", ". A list: a request has a dozen
    // headers, and a session keeps its handshake request for its whole life.
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peerAddress;
    bool secure = false; // arrived over TLS

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (const auto &[name, value] : headers) {
            if (name == lowerCaseName)
                return value;
        }
        return {};
    }
    // Adds a header (name in lower case), joining it to an earlier one of the same name.
    void addHeader(const QByteArray &lowerCaseName, const QByteArray &value)
    {
        for (auto &[name, existing] : headers) {
            if (name == lowerCaseName) {
                existing += ", " + value;
                return;
            }
        }
        headers.append({lowerCaseName, value});
    }
};

// One HTTP response; Content-Length is added by whoever writes it.
struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static HttpResponse text(int status, const QByteArray &body,
                             const QByteArray &contentType = "text/plain; charset=UTF-8")
    {
        return {status, {{"Content-Type", contentType}}, body};
    }
};

// Answers a request later (a held long-polling GET). Call at most once; a call after the client
// went away is ignored.
using HttpReply = std::function<void(const HttpResponse &)>;

} // namespace engineio
