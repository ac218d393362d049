package dev.stowage.ui.layers;

import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

import java.util.ArrayList;
import java.util.List;

/**
 * A tree item whose children are made only when it is first expanded (or asked for them), so that a tree of
 * 100,000 paths costs nothing until it is looked at. Paths none of whose kinds are in the mask are left out.
 */
final class FileTreeItem extends TreeItem<FileNode> {
    private final int mask;
    private boolean childrenMade;
    private Boolean leaf;

    FileTreeItem(FileNode node, int mask) {
        super(node);
        this.mask = mask;
    }

    @Override
    public boolean isLeaf() {
        if (leaf == null) {
            boolean any = false;
            for (FileNode c : getValue().children()) {
                if (c.shows(mask)) {
                    any = true;
                    break;
                }
            }
            leaf = !any;
        }
        return leaf;
    }

    @Override
    public ObservableList<TreeItem<FileNode>> getChildren() {
        if (!childrenMade) {
            childrenMade = true;
            List<TreeItem<FileNode>> items = new ArrayList<>();
            for (FileNode c : getValue().children()) {
                if (c.shows(mask)) items.add(new FileTreeItem(c, mask));
            }
            super.getChildren().setAll(items);
        }
        return super.getChildren();
    }
}
