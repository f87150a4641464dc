#include "libsecretworkarounds.h"

#include "secretservicebus.h"

#include <QDBusServiceWatcher>

#include <cstring>
#include <utility>

#include <dlfcn.h>

namespace bioepic {

namespace {

void forgetLibsecretService()
{
    // Only when libsecret is loaded already; the next job loads it afresh otherwise.
    void *libsecret = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_NOLOAD);
    if (!libsecret)
        return;
    using Disconnect = void (*)();
    if (const auto disconnect = reinterpret_cast<Disconnect>(dlsym(libsecret, "secret_service_disconnect")))
        disconnect();
    dlclose(libsecret);
}

void followProviderRestarts()
{
    const QDBusConnection bus = secretServiceBus();
    if (!bus.isConnected())
        return;
    // Lives as long as the process, like libsecret's proxy.
    auto *watcher = new QDBusServiceWatcher(secretServiceName(), bus, QDBusServiceWatcher::WatchForOwnerChange);
    QObject::connect(watcher, &QDBusServiceWatcher::serviceOwnerChanged, watcher,
                     [](const QString &, const QString &oldOwner, const QString &) {
                         if (!oldOwner.isEmpty())
                             forgetLibsecretService();
                     });
}

// GIO, as libsecret uses it: the few calls the message filter needs, looked up in the loaded
// library (the build has no GLib headers; QtKeychain loads libsecret, and with it GIO, itself).
// Pointers stand for GDBusConnection, GDBusMessage, GAsyncResult and GError.
using MessageFilter = void *(*)(void *connection, void *message, int incoming, void *userData);
struct Gio
{
    void (*busGet)(int busType, void *cancellable, void (*ready)(void *source, void *result, void *userData),
                   void *userData)
            = nullptr;
    void *(*busGetFinish)(void *result, void **error) = nullptr;
    unsigned (*addFilter)(void *connection, MessageFilter filter, void *userData, void (*destroy)(void *)) = nullptr;
    int (*messageType)(void *message) = nullptr;
    const char *(*interfaceOf)(void *message) = nullptr;
    void (*unref)(void *object) = nullptr;
    void (*freeError)(void *error) = nullptr;
};

constexpr int kSessionBus = 2; // G_BUS_TYPE_SESSION
constexpr int kSignalMessage = 4; // G_DBUS_MESSAGE_TYPE_SIGNAL

/** Filled once, before the filter is installed; only read after (the filter runs on GDBus's thread). */
Gio &gio()
{
    static Gio table;
    return table;
}

template<typename Function>
bool resolve(void *library, const char *name, Function &into)
{
    into = reinterpret_cast<Function>(dlsym(library, name));
    return into != nullptr;
}

bool loadGio()
{
    // Kept loaded for good: the connection, and the calls the filter makes, live in it.
    void *library = dlopen("libgio-2.0.so.0", RTLD_NOW);
    if (!library)
        return false;
    Gio &table = gio();
    // libgio links libgobject and libglib: their symbols are found through it.
    return resolve(library, "g_bus_get", table.busGet) && resolve(library, "g_bus_get_finish", table.busGetFinish)
            && resolve(library, "g_dbus_connection_add_filter", table.addFilter)
            && resolve(library, "g_dbus_message_get_message_type", table.messageType)
            && resolve(library, "g_dbus_message_get_interface", table.interfaceOf)
            && resolve(library, "g_object_unref", table.unref) && resolve(library, "g_error_free", table.freeError);
}

/** Drops the Service's and the Collection's signals (why: libsecretworkarounds.h). */
void *dropCollectionSignals(void *, void *message, int incoming, void *)
{
    if (!incoming || gio().messageType(message) != kSignalMessage)
        return message;
    const char *interface = gio().interfaceOf(message);
    if (!interface)
        return message;
    const bool collectionSignal = std::strcmp(interface, "org.freedesktop.Secret.Service") == 0
            || std::strcmp(interface, "org.freedesktop.Secret.Collection") == 0;
    if (collectionSignal) {
        gio().unref(message); // a filter that drops a message releases it
        return nullptr;
    }
    return message;
}

void shieldLibsecretFromCollectionSignals()
{
    if (!loadGio())
        return; // no GIO: no libsecret either, and QtKeychain says so
    // The shared session connection libsecret gets with g_bus_get(): asked for first, so the
    // filter is in place before libsecret's first proxy subscribes to anything. Asynchronous,
    // like libsecret's own, so that the UI thread never waits for the bus.
    gio().busGet(
            kSessionBus, nullptr,
            [](void *, void *result, void *) {
                void *error = nullptr;
                void *connection = gio().busGetFinish(result, &error);
                if (!connection) {
                    if (error)
                        gio().freeError(error);
                    return; // no session bus: libsecret finds none either
                }
                // The connection is the process's for good, as libsecret's is: its reference is kept.
                gio().addFilter(connection, &dropCollectionSignals, nullptr, nullptr);
            },
            nullptr);
}

} // namespace

void prepareLibsecret()
{
    static bool prepared = false;
    if (std::exchange(prepared, true))
        return;
    followProviderRestarts();
    shieldLibsecretFromCollectionSignals();
}

} // namespace bioepic
