package dev.stowage.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {
    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/dev/stowage/ui/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void chineseBundleHasEveryEnglishKey() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        assertThat(en).isNotEmpty();
        assertThat(zh.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }

    @Test
    void everyLayerStateHasALabel() throws IOException {
        Properties en = load("messages.properties");
        for (dev.stowage.progress.LayerState state : dev.stowage.progress.LayerState.values()) {
            assertThat(en.getProperty("layer.state." + state.name())).as(state.name()).isNotBlank();
        }
    }

    @Test
    void everyMessageIsAValidPattern() throws IOException {
        for (String bundle : new String[] {"messages.properties", "messages_zh_CN.properties"}) {
            Properties p = load(bundle);
            for (String key : p.stringPropertyNames()) {
                new MessageFormat(p.getProperty(key)).format(new Object[] {1, 2});
            }
        }
    }

    @Test
    void localeChoosesTheBundleWithoutFallingBackToTheDefault() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertThat(new Messages(Locale.ENGLISH).get("source.local")).isEqualTo("Local images");
            assertThat(new Messages(Locale.forLanguageTag("zh-CN")).get("source.local")).isEqualTo("本地镜像");
            assertThat(new Messages(Locale.forLanguageTag("zh-CN")).format("status.count", 3)).isEqualTo("3 个镜像");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void stowageLangOverridesTheDefaultLocale() {
        String saved = System.getProperty("stowage.lang");
        try {
            System.setProperty("stowage.lang", "zh-CN");
            assertThat(Messages.forChosenLocale().get("action.remove")).isEqualTo("删除");
            System.setProperty("stowage.lang", "en");
            assertThat(Messages.forChosenLocale().get("action.remove")).isEqualTo("Remove");
        } finally {
            if (saved == null) System.clearProperty("stowage.lang"); else System.setProperty("stowage.lang", saved);
        }
    }
}
