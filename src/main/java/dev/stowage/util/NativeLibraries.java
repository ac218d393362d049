package dev.stowage.util;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Loads the optional native libraries (ISA-L, OpenSSL's libcrypto) the one way: not at all under
 * {@code -Dstowage.native=false}; else registered through JNA and checked by a self-test, so that a library that is
 * missing or differs is never used and the JDK's code runs instead.
 */
final class NativeLibraries {
    /** Set to {@code false} to never load native code. */
    static final String PROPERTY = "stowage.native";

    interface SelfTest {
        void run() throws Exception;
    }

    private NativeLibraries() {
    }

    /** Registers {@code target}'s native methods with {@code soname}; returns null, or why the library is not used. */
    static String register(Class<?> target, String soname, SelfTest selfTest) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) return "disabled by -D" + PROPERTY + "=false";
        try {
            Native.register(target, NativeLibrary.getInstance(soname));
            selfTest.run();
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, a failed self-test: use the JDK
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
