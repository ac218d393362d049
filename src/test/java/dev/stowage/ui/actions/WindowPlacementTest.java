package dev.stowage.ui.actions;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowPlacementTest {
    private static final Rectangle2D LEFT = new Rectangle2D(0, 0, 1440, 900);
    private static final Rectangle2D RIGHT = new Rectangle2D(1440, 0, 1280, 720);

    @Test
    void aRememberedWindowOnAScreenKeepsItsBounds() {
        Rectangle2D saved = new Rectangle2D(300, 150, 902, 625);
        assertThat(WindowPlacement.place(saved, List.of(LEFT, RIGHT), 1200, 760)).isEqualTo(saved);
    }

    @Test
    void aWindowLeftOnAScreenThatIsGoneComesBackWhole() {
        // saved on a third screen to the right, now unplugged
        Rectangle2D saved = new Rectangle2D(3000, 100, 1000, 700);
        assertThat(WindowPlacement.place(saved, List.of(LEFT), 1200, 760)).isEqualTo(new Rectangle2D(440, 100, 1000, 700));
    }

    @Test
    void aWindowLargerThanItsScreenShrinksToIt() {
        Rectangle2D saved = new Rectangle2D(1500, -50, 1900, 1000);
        assertThat(WindowPlacement.place(saved, List.of(LEFT, RIGHT), 1200, 760)).isEqualTo(RIGHT);
    }

    @Test
    void nothingOrATinyRememberedSizeOpensAtTheDefaultCentred() {
        Rectangle2D expected = new Rectangle2D(120, 70, 1200, 760);
        assertThat(WindowPlacement.place(null, List.of(LEFT), 1200, 760)).isEqualTo(expected);
        assertThat(WindowPlacement.place(new Rectangle2D(10, 10, 200, 200), List.of(LEFT), 1200, 760)).isEqualTo(expected);
        assertThat(WindowPlacement.place(null, List.of(new Rectangle2D(0, 0, 1024, 600)), 1200, 760))
                .isEqualTo(new Rectangle2D(0, 0, 1024, 600));
    }
}
