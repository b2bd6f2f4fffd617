/*
 * GSSAPI for libgit2's Negotiate (Kerberos) HTTP authentication, loaded
 * when a server first asks for it rather than on every start.
 *
 * Linked against libgssapi_krb5, tend made the dynamic linker load and
 * bind six more shared libraries (libgssapi_krb5, libkrb5, libk5crypto,
 * libcom_err, libkrb5support, libkeyutils) before main on every run, some
 * 0.5 million instructions (callgrind) of tend's 0.9 million for
 * 'tend --version', for an authentication almost no journal uses.
 *
 * tend is linked without GSSAPI, so libgit2's calls of the eight gss_*
 * functions (and its one read of GSS_C_NT_HOSTBASED_SERVICE) land here.
 * The first call opens libgssapi_krb5.so.2 and looks up the real ones.
 * Without that library every call behaves as a GSSAPI that has no
 * mechanism: gss_indicate_mechs lists none, so libgit2 reports that
 * Negotiate is not supported and no other gss_* call is reached.
 *
 * The name type is the standard OID (RFC 2743, 4.1); the library compares
 * OIDs by value, so this copy serves as well as its own.
 *
 * tests/tend-shared, which links the shared libgit2 (and with it GSSAPI),
 * leaves this file out.  What removes it: a libgit2 that loads GSSAPI
 * itself, or a libgssapi_krb5 cheap to load.
 */

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include <gssapi/gssapi.h>

#define GSSAPI_LIBRARY	"libgssapi_krb5.so.2"

static gss_OID_desc hostbased_service = {
	10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"
};
gss_OID GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;

static struct {
	OM_uint32	(*delete_sec_context)(OM_uint32 *, gss_ctx_id_t *,
			    gss_buffer_t);
	OM_uint32	(*display_status)(OM_uint32 *, OM_uint32, int, gss_OID,
			    OM_uint32 *, gss_buffer_t);
	OM_uint32	(*import_name)(OM_uint32 *, gss_buffer_t, gss_OID,
			    gss_name_t *);
	OM_uint32	(*indicate_mechs)(OM_uint32 *, gss_OID_set *);
	OM_uint32	(*init_sec_context)(OM_uint32 *, gss_cred_id_t,
			    gss_ctx_id_t *, gss_name_t, gss_OID, OM_uint32,
			    OM_uint32, gss_channel_bindings_t, gss_buffer_t,
			    gss_OID *, gss_buffer_t, OM_uint32 *, OM_uint32 *);
	OM_uint32	(*release_buffer)(OM_uint32 *, gss_buffer_t);
	OM_uint32	(*release_name)(OM_uint32 *, gss_name_t *);
	OM_uint32	(*release_oid_set)(OM_uint32 *, gss_OID_set *);
} gssapi;
static int		gssapi_loaded;
static pthread_once_t	gssapi_once = PTHREAD_ONCE_INIT;

static void	gssapi_load(void);
static int	gssapi_available(void);

static void
gssapi_load(void)
{
	void	*library;

	if ((library = dlopen(GSSAPI_LIBRARY, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return;
	/* POSIX makes a function's address from dlsym's void *. */
	gssapi.delete_sec_context = (OM_uint32 (*)(OM_uint32 *,
	    gss_ctx_id_t *, gss_buffer_t))dlsym(library,
	    "gss_delete_sec_context");
	gssapi.display_status = (OM_uint32 (*)(OM_uint32 *, OM_uint32, int,
	    gss_OID, OM_uint32 *, gss_buffer_t))dlsym(library,
	    "gss_display_status");
	gssapi.import_name = (OM_uint32 (*)(OM_uint32 *, gss_buffer_t,
	    gss_OID, gss_name_t *))dlsym(library, "gss_import_name");
	gssapi.indicate_mechs = (OM_uint32 (*)(OM_uint32 *,
	    gss_OID_set *))dlsym(library, "gss_indicate_mechs");
	gssapi.init_sec_context = (OM_uint32 (*)(OM_uint32 *, gss_cred_id_t,
	    gss_ctx_id_t *, gss_name_t, gss_OID, OM_uint32, OM_uint32,
	    gss_channel_bindings_t, gss_buffer_t, gss_OID *, gss_buffer_t,
	    OM_uint32 *, OM_uint32 *))dlsym(library, "gss_init_sec_context");
	gssapi.release_buffer = (OM_uint32 (*)(OM_uint32 *,
	    gss_buffer_t))dlsym(library, "gss_release_buffer");
	gssapi.release_name = (OM_uint32 (*)(OM_uint32 *,
	    gss_name_t *))dlsym(library, "gss_release_name");
	gssapi.release_oid_set = (OM_uint32 (*)(OM_uint32 *,
	    gss_OID_set *))dlsym(library, "gss_release_oid_set");
	if (gssapi.delete_sec_context == NULL ||
	    gssapi.display_status == NULL || gssapi.import_name == NULL ||
	    gssapi.indicate_mechs == NULL || gssapi.init_sec_context == NULL ||
	    gssapi.release_buffer == NULL || gssapi.release_name == NULL ||
	    gssapi.release_oid_set == NULL) {
		dlclose(library);
		return;
	}
	gssapi_loaded = 1;
}

static int
gssapi_available(void)
{
	if (pthread_once(&gssapi_once, gssapi_load) != 0)
		return 0;
	return gssapi_loaded;
}

OM_uint32
gss_indicate_mechs(OM_uint32 *minor, gss_OID_set *mechanisms)
{
	if (gssapi_available())
		return gssapi.indicate_mechs(minor, mechanisms);
	*minor = 0;
	*mechanisms = GSS_C_NO_OID_SET;
	return GSS_S_COMPLETE;
}

OM_uint32
gss_release_oid_set(OM_uint32 *minor, gss_OID_set *mechanisms)
{
	if (gssapi_available())
		return gssapi.release_oid_set(minor, mechanisms);
	*minor = 0;
	*mechanisms = GSS_C_NO_OID_SET;
	return GSS_S_COMPLETE;
}

OM_uint32
gss_import_name(OM_uint32 *minor, gss_buffer_t name, gss_OID type,
    gss_name_t *out)
{
	if (gssapi_available())
		return gssapi.import_name(minor, name, type, out);
	*minor = 0;
	*out = GSS_C_NO_NAME;
	return GSS_S_UNAVAILABLE;
}

OM_uint32
gss_release_name(OM_uint32 *minor, gss_name_t *name)
{
	if (gssapi_available())
		return gssapi.release_name(minor, name);
	*minor = 0;
	*name = GSS_C_NO_NAME;
	return GSS_S_COMPLETE;
}

OM_uint32
gss_init_sec_context(OM_uint32 *minor, gss_cred_id_t credential,
    gss_ctx_id_t *context, gss_name_t target, gss_OID mechanism,
    OM_uint32 flags, OM_uint32 lifetime, gss_channel_bindings_t bindings,
    gss_buffer_t in, gss_OID *actual_mechanism, gss_buffer_t out,
    OM_uint32 *actual_flags, OM_uint32 *actual_lifetime)
{
	if (gssapi_available())
		return gssapi.init_sec_context(minor, credential, context,
		    target, mechanism, flags, lifetime, bindings, in,
		    actual_mechanism, out, actual_flags, actual_lifetime);
	*minor = 0;
	out->length = 0;
	out->value = NULL;
	return GSS_S_UNAVAILABLE;
}

OM_uint32
gss_delete_sec_context(OM_uint32 *minor, gss_ctx_id_t *context,
    gss_buffer_t out)
{
	if (gssapi_available())
		return gssapi.delete_sec_context(minor, context, out);
	*minor = 0;
	*context = GSS_C_NO_CONTEXT;
	return GSS_S_COMPLETE;
}

OM_uint32
gss_display_status(OM_uint32 *minor, OM_uint32 status, int type,
    gss_OID mechanism, OM_uint32 *more, gss_buffer_t out)
{
	if (gssapi_available())
		return gssapi.display_status(minor, status, type, mechanism,
		    more, out);
	*minor = 0;
	*more = 0;
	out->length = 0;
	out->value = NULL;
	return GSS_S_UNAVAILABLE;
}

OM_uint32
gss_release_buffer(OM_uint32 *minor, gss_buffer_t buffer)
{
	if (gssapi_available())
		return gssapi.release_buffer(minor, buffer);
	*minor = 0;
	if (buffer != GSS_C_NO_BUFFER) {
		buffer->length = 0;
		buffer->value = NULL;
	}
	return GSS_S_COMPLETE;
}
