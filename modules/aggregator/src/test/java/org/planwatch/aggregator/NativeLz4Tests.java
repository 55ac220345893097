package org.planwatch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.slf4j.LoggerFactory;

/**
 * Kafka's lz4 codec compresses natively in the aggregator's jar, where lz4-java is not on
 * the system class loader (on the platforms CI and the demo run on).
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class NativeLz4Tests {

    @Test
    void onALoaderOtherThanTheSystemOneTheCodecCompressesInJavaUntilTheLibraryIsLoaded() throws Exception {
        URL[] classpath = { where(LZ4Factory.class), where(LoggerFactory.class), where(NativeLz4.class) };
        try (URLClassLoader bootJar = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            // What Kafka's Lz4BlockOutputStream asks for, for every batch it compresses.
            Method fastest = bootJar.loadClass(LZ4Factory.class.getName()).getMethod("fastestInstance");
            assertThat(fastest.invoke(null)).as("before").hasToString("LZ4Factory:JavaSafe");

            Method load = bootJar.loadClass(NativeLz4.class.getName()).getDeclaredMethod("load");
            load.setAccessible(true);
            assertThat(load.invoke(null)).isEqualTo(true);
            assertThat(fastest.invoke(null)).as("after NativeLz4.load").hasToString("LZ4Factory:JNI");
        }
    }

    private static URL where(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

}
