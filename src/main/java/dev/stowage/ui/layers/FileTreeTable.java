package dev.stowage.ui.layers;

import dev.stowage.layer.ChangeKind;
import dev.stowage.layer.FileEntry;
import dev.stowage.ui.Messages;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;

import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * A virtualized file tree: name and change, and with metadata (when the nodes have entries) size (a
 * directory's is everything below it), mode and owner; rows
 * are coloured by change kind (style classes {@code change-added}, {@code change-modified},
 * {@code change-removed}, {@code change-unmodified}). Children are made lazily ({@link FileTreeItem}).
 */
public final class FileTreeTable {
    private final TreeTableView<FileNode> table = new TreeTableView<>();
    private final Messages messages;
    private FileNode root;
    private int mask = FileNode.ALL;

    /** A node's name, and for a symbolic link " → target". */
    static String nameText(FileNode node) {
        FileEntry e = node.entry();
        return e == null || e.linkTarget() == null ? node.name() : node.name() + " \u2192 " + e.linkTarget();
    }

    public FileTreeTable(Messages messages, LongFunction<String> sizes, boolean withMetadata) {
        this.messages = messages;
        table.setShowRoot(false);
        dev.stowage.ui.TableHeaders.keepReadable(table);
        table.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("tree.empty")));
        TreeTableColumn<FileNode, String> name = new TreeTableColumn<>(messages.get("tree.name"));
        name.setId("tree-col-name");
        // a symbolic link's target beside its name, as ls -l shows it
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(nameText(c.getValue().getValue())));
        name.setPrefWidth(240);
        TreeTableColumn<FileNode, String> change = new TreeTableColumn<>(messages.get("tree.change"));
        change.setId("tree-col-change");
        change.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(kindLabel(c.getValue().getValue().kind())));
        change.setPrefWidth(95);
        change.setMinWidth(80);
        TreeTableColumn<FileNode, Long> size = new TreeTableColumn<>(messages.get("tree.size"));
        size.setId("tree-col-size");
        size.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue().size()));
        size.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                FileNode node = empty || getTableRow() == null ? null : getTableRow().getItem();
                boolean known = node != null && (node.entry() != null || node.isDirectory());
                setText(empty || item == null || !known ? null : sizes.apply(item));
            }
        });
        size.setPrefWidth(80);
        size.setMinWidth(60);
        table.getColumns().addAll(List.of(name, change));
        if (withMetadata) {
            table.getColumns().add(size);
            TreeTableColumn<FileNode, String> mode = new TreeTableColumn<>(messages.get("tree.mode"));
            mode.setId("tree-col-mode");
            mode.setCellValueFactory(c -> {
                FileEntry e = c.getValue().getValue().entry();
                return new ReadOnlyObjectWrapper<>(e == null ? "" : e.modeString());
            });
            mode.setPrefWidth(100);
            mode.setMinWidth(95);
            TreeTableColumn<FileNode, String> owner = new TreeTableColumn<>(messages.get("tree.owner"));
            owner.setId("tree-col-owner");
            owner.setCellValueFactory(c -> {
                FileEntry e = c.getValue().getValue().entry();
                return new ReadOnlyObjectWrapper<>(e == null ? "" : e.uid() + ":" + e.gid());
            });
            table.getColumns().addAll(List.of(mode, owner));
        }
        table.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(FileNode item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(STYLES);
                if (!empty && item != null) getStyleClass().add(style(item.kind()));
            }
        });
    }

    private static final List<String> STYLES = List.of("change-added", "change-modified", "change-removed", "change-unmodified");

    public static String style(ChangeKind kind) {
        return "change-" + kind.name().toLowerCase(Locale.ROOT);
    }

    public String kindLabel(ChangeKind kind) {
        return kind == null ? "" : messages.get("change." + kind.name().toLowerCase(Locale.ROOT));
    }

    public TreeTableView<FileNode> node() {
        return table;
    }

    /** Shows a tree (null: nothing), keeping only the kinds in {@code mask}. */
    public void show(FileNode root, int mask) {
        this.root = root;
        this.mask = mask;
        rebuild();
    }

    public void setMask(int mask) {
        this.mask = mask;
        rebuild();
    }

    public FileNode root() {
        return root;
    }

    private void rebuild() {
        if (root == null) {
            table.setRoot(null);
            return;
        }
        FileTreeItem item = new FileTreeItem(root, mask);
        item.setExpanded(true);
        table.setRoot(item);
    }
}
