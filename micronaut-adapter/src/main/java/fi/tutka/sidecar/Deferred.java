package fi.tutka.sidecar;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A provider that is still being opened: every call waits for it, then goes to it. Lets the engine compile its rules
 * while its stores open; once they are open a call costs one reflective dispatch.
 */
final class Deferred {
    private Deferred() {
    }

    static <T> T of(Class<T> type, CompletableFuture<T> target) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            try {
                return method.invoke(join(target), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    /** The value, or the exception that prevented it, unwrapped. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
