/*
 * libssh2 for libgit2's SSH transport, loaded at the first SSH session
 * rather than on every start.
 *
 * Linked statically, libssh2 brought OpenSSL's libcrypto, whose tables of
 * pointers are two thirds of the 24,700 relative relocations the dynamic
 * linker applies to tend before main, about 0.2 million instructions
 * (callgrind) of 0.53 million for 'tend --version'.  Most commands never
 * connect, and an SSH connection costs far more than loading a library.
 *
 * tend is linked without libssh2, so libgit2's calls of the 37 libssh2_*
 * functions it uses land here.  libssh2_session_init_ex, the first call
 * of every SSH connection, opens libssh2.so.1 and looks up the others;
 * the rest need a session, so they are only reached once it is loaded.
 * Without the library no session starts, and libgit2 reports that it
 * cannot start an SSH session.  libssh2_init does nothing (libssh2 starts
 * itself with its first session) and libssh2_exit only reaches a library
 * that was loaded.
 *
 * The prototypes come from libssh2.h: each call goes through a pointer
 * of its function's own declared type.  tests/tend-shared, which links
 * the shared libgit2, leaves this file out.  What removes it: a libgit2
 * that loads its SSH library itself.
 */

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include <libssh2.h>

#define SSH2_LIBRARY	"libssh2.so.1"

#define SSH2_FUNCTIONS							\
	X(agent_connect) X(agent_disconnect) X(agent_free)		\
	X(agent_get_identity) X(agent_init) X(agent_list_identities)	\
	X(agent_userauth) X(channel_close) X(channel_free)		\
	X(channel_open_ex) X(channel_process_startup)			\
	X(channel_read_ex) X(channel_set_blocking) X(channel_write_ex)	\
	X(exit) X(hostkey_hash) X(knownhost_checkp) X(knownhost_free)	\
	X(knownhost_init) X(knownhost_readfile) X(session_abstract)	\
	X(session_disconnect_ex) X(session_free) X(session_handshake)	\
	X(session_hostkey) X(session_init_ex) X(session_last_error)	\
	X(session_method_pref) X(session_set_blocking)			\
	X(userauth_authenticated)					\
	X(userauth_keyboard_interactive_ex) X(userauth_list)		\
	X(userauth_password_ex) X(userauth_publickey)			\
	X(userauth_publickey_fromfile_ex)				\
	X(userauth_publickey_frommemory)

enum {
#define X(name)	SSH2_##name,
	SSH2_FUNCTIONS
#undef X
	SSH2_COUNT
};

static const char *const ssh2_names[SSH2_COUNT] = {
#define X(name)	"libssh2_" #name,
	SSH2_FUNCTIONS
#undef X
};

static void		*ssh2_functions[SSH2_COUNT];
static int		 ssh2_loaded;
static pthread_once_t	 ssh2_once = PTHREAD_ONCE_INIT;

/* The loaded function of libssh2_NAME, as libssh2.h declares it. */
#define SSH2(name)	((__typeof__(&libssh2_##name)) \
			    ssh2_functions[SSH2_##name])

static void	ssh2_load(void);

static void
ssh2_load(void)
{
	void	*library;
	size_t	 i;

	if ((library = dlopen(SSH2_LIBRARY, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return;
	for (i = 0; i < SSH2_COUNT; i++) {
		if ((ssh2_functions[i] = dlsym(library, ssh2_names[i])) ==
		    NULL) {
			dlclose(library);
			return;
		}
	}
	ssh2_loaded = 1;
}

int
libssh2_init(int flags)
{
	(void)flags;
	return 0;
}

void
libssh2_exit(void)
{
	if (ssh2_loaded)
		SSH2(exit)();
}

LIBSSH2_SESSION *
libssh2_session_init_ex(LIBSSH2_ALLOC_FUNC((*alloc)),
    LIBSSH2_FREE_FUNC((*release)), LIBSSH2_REALLOC_FUNC((*resize)),
    void *abstract)
{
	if (pthread_once(&ssh2_once, ssh2_load) != 0 || !ssh2_loaded)
		return NULL;
	return SSH2(session_init_ex)(alloc, release, resize, abstract);
}

/* Everything below takes a session, or something made from one. */

int
libssh2_agent_connect(LIBSSH2_AGENT *agent)
{
	return SSH2(agent_connect)(agent);
}

int
libssh2_agent_disconnect(LIBSSH2_AGENT *agent)
{
	return SSH2(agent_disconnect)(agent);
}

void
libssh2_agent_free(LIBSSH2_AGENT *agent)
{
	SSH2(agent_free)(agent);
}

int
libssh2_agent_get_identity(LIBSSH2_AGENT *agent,
    struct libssh2_agent_publickey **store,
    struct libssh2_agent_publickey *prev)
{
	return SSH2(agent_get_identity)(agent, store, prev);
}

LIBSSH2_AGENT *
libssh2_agent_init(LIBSSH2_SESSION *session)
{
	return SSH2(agent_init)(session);
}

int
libssh2_agent_list_identities(LIBSSH2_AGENT *agent)
{
	return SSH2(agent_list_identities)(agent);
}

int
libssh2_agent_userauth(LIBSSH2_AGENT *agent, const char *username,
    struct libssh2_agent_publickey *identity)
{
	return SSH2(agent_userauth)(agent, username, identity);
}

int
libssh2_channel_close(LIBSSH2_CHANNEL *channel)
{
	return SSH2(channel_close)(channel);
}

int
libssh2_channel_free(LIBSSH2_CHANNEL *channel)
{
	return SSH2(channel_free)(channel);
}

LIBSSH2_CHANNEL *
libssh2_channel_open_ex(LIBSSH2_SESSION *session, const char *type,
    unsigned int type_len, unsigned int window_size,
    unsigned int packet_size, const char *message, unsigned int message_len)
{
	return SSH2(channel_open_ex)(session, type, type_len, window_size,
	    packet_size, message, message_len);
}

int
libssh2_channel_process_startup(LIBSSH2_CHANNEL *channel,
    const char *request, unsigned int request_len, const char *message,
    unsigned int message_len)
{
	return SSH2(channel_process_startup)(channel, request, request_len,
	    message, message_len);
}

ssize_t
libssh2_channel_read_ex(LIBSSH2_CHANNEL *channel, int stream, char *buf,
    size_t len)
{
	return SSH2(channel_read_ex)(channel, stream, buf, len);
}

void
libssh2_channel_set_blocking(LIBSSH2_CHANNEL *channel, int blocking)
{
	SSH2(channel_set_blocking)(channel, blocking);
}

ssize_t
libssh2_channel_write_ex(LIBSSH2_CHANNEL *channel, int stream,
    const char *buf, size_t len)
{
	return SSH2(channel_write_ex)(channel, stream, buf, len);
}

const char *
libssh2_hostkey_hash(LIBSSH2_SESSION *session, int type)
{
	return SSH2(hostkey_hash)(session, type);
}

int
libssh2_knownhost_checkp(LIBSSH2_KNOWNHOSTS *hosts, const char *host,
    int port, const char *key, size_t key_len, int typemask,
    struct libssh2_knownhost **found)
{
	return SSH2(knownhost_checkp)(hosts, host, port, key, key_len,
	    typemask, found);
}

void
libssh2_knownhost_free(LIBSSH2_KNOWNHOSTS *hosts)
{
	SSH2(knownhost_free)(hosts);
}

LIBSSH2_KNOWNHOSTS *
libssh2_knownhost_init(LIBSSH2_SESSION *session)
{
	return SSH2(knownhost_init)(session);
}

int
libssh2_knownhost_readfile(LIBSSH2_KNOWNHOSTS *hosts, const char *path,
    int type)
{
	return SSH2(knownhost_readfile)(hosts, path, type);
}

void **
libssh2_session_abstract(LIBSSH2_SESSION *session)
{
	return SSH2(session_abstract)(session);
}

int
libssh2_session_disconnect_ex(LIBSSH2_SESSION *session, int reason,
    const char *description, const char *lang)
{
	return SSH2(session_disconnect_ex)(session, reason, description,
	    lang);
}

int
libssh2_session_free(LIBSSH2_SESSION *session)
{
	return SSH2(session_free)(session);
}

int
libssh2_session_handshake(LIBSSH2_SESSION *session, libssh2_socket_t sock)
{
	return SSH2(session_handshake)(session, sock);
}

const char *
libssh2_session_hostkey(LIBSSH2_SESSION *session, size_t *len, int *type)
{
	return SSH2(session_hostkey)(session, len, type);
}

int
libssh2_session_last_error(LIBSSH2_SESSION *session, char **message,
    int *message_len, int want_buf)
{
	return SSH2(session_last_error)(session, message, message_len,
	    want_buf);
}

int
libssh2_session_method_pref(LIBSSH2_SESSION *session, int type,
    const char *prefs)
{
	return SSH2(session_method_pref)(session, type, prefs);
}

void
libssh2_session_set_blocking(LIBSSH2_SESSION *session, int blocking)
{
	SSH2(session_set_blocking)(session, blocking);
}

int
libssh2_userauth_authenticated(LIBSSH2_SESSION *session)
{
	return SSH2(userauth_authenticated)(session);
}

int
libssh2_userauth_keyboard_interactive_ex(LIBSSH2_SESSION *session,
    const char *username, unsigned int username_len,
    LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC((*respond)))
{
	return SSH2(userauth_keyboard_interactive_ex)(session, username,
	    username_len, respond);
}

char *
libssh2_userauth_list(LIBSSH2_SESSION *session, const char *username,
    unsigned int username_len)
{
	return SSH2(userauth_list)(session, username, username_len);
}

int
libssh2_userauth_password_ex(LIBSSH2_SESSION *session, const char *username,
    unsigned int username_len, const char *password,
    unsigned int password_len, LIBSSH2_PASSWD_CHANGEREQ_FUNC((*change)))
{
	return SSH2(userauth_password_ex)(session, username, username_len,
	    password, password_len, change);
}

int
libssh2_userauth_publickey(LIBSSH2_SESSION *session, const char *username,
    const unsigned char *key, size_t key_len,
    LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC((*sign)), void **abstract)
{
	return SSH2(userauth_publickey)(session, username, key, key_len, sign,
	    abstract);
}

int
libssh2_userauth_publickey_fromfile_ex(LIBSSH2_SESSION *session,
    const char *username, unsigned int username_len, const char *public,
    const char *private, const char *passphrase)
{
	return SSH2(userauth_publickey_fromfile_ex)(session, username,
	    username_len, public, private, passphrase);
}

int
libssh2_userauth_publickey_frommemory(LIBSSH2_SESSION *session,
    const char *username, size_t username_len, const char *public,
    size_t public_len, const char *private, size_t private_len,
    const char *passphrase)
{
	return SSH2(userauth_publickey_frommemory)(session, username,
	    username_len, public, public_len, private, private_len,
	    passphrase);
}
