import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

/**
 * Writes the hicolor icon sizes of one square PNG: {@code java IconSizes.java ICON.png DIR NAME SIZE...} makes
 * {@code DIR/SIZExSIZE/apps/NAME.png} for each size (never larger than the source). Run by build.sh with the JDK
 * it already needs, so packaging needs no image tool.
 */
public final class IconSizes {
    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: java IconSizes.java ICON.png DIR NAME SIZE...");
            System.exit(2);
        }
        BufferedImage source = ImageIO.read(new File(args[0]));
        if (source == null) throw new IOException("not an image: " + args[0]);
        for (int i = 3; i < args.length; i++) {
            int size = Integer.parseInt(args[i]);
            if (size > source.getWidth()) throw new IOException("the icon is " + source.getWidth() + " pixels wide, smaller than " + size);
            File out = new File(args[1], size + "x" + size + "/apps/" + args[2] + ".png");
            if (!out.getParentFile().isDirectory() && !out.getParentFile().mkdirs()) throw new IOException("cannot create " + out.getParent());
            ImageIO.write(scaled(source, size), "png", out);
        }
    }

    /** Halves the picture while it is more than twice the size, then scales the rest: each step bilinear, so no detail is skipped. */
    private static BufferedImage scaled(BufferedImage source, int size) {
        BufferedImage current = argb(source, source.getWidth());
        while (current.getWidth() / 2 >= size) current = argb(current, current.getWidth() / 2);
        return current.getWidth() == size ? current : argb(current, size);
    }

    private static BufferedImage argb(BufferedImage from, int size) {
        BufferedImage to = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = to.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(from, 0, 0, size, size, null);
        g.dispose();
        return to;
    }
}
