package dev.stowage.ui.layers;

import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

import java.util.ArrayList;
import java.util.List;

/**
 * A tree item whose children are made only when it is first shown (its row asks whether it is a leaf) or
 * asked for them, so that a tree of 100,000 paths costs nothing until it is looked at. Paths none of whose
 * kinds are in the mask are left out.
 *
 * <p>Children are made while the item is still collapsed where possible: adding children to an expanded
 * item makes TreeTableView's focus model recount every expanded row once per added child, which grows
 * with the tree (seconds for a directory of 1,000 files in a tree of 100,000 rows).
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
            if (!isExpanded()) {
                leaf = getChildren().isEmpty(); // made now, while collapsed: cheap for the tree
            } else {
                boolean any = false;
                for (FileNode c : getValue().children()) {
                    if (c.shows(mask)) {
                        any = true;
                        break;
                    }
                }
                leaf = !any;
            }
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
