package dev.stowage.ui.dialogs;

import dev.stowage.ui.MainViewModel;
import dev.stowage.ui.Messages;
import dev.stowage.ui.StoreService;
import dev.stowage.ui.services.DesktopSettings;
import dev.stowage.ui.services.ImageTasks;
import dev.stowage.ui.services.RegistryTasks;
import javafx.stage.Window;

import java.util.function.Supplier;

/**
 * What every dialog needs: the window to sit over, the UI's strings, the main view-model (status bar, refresh),
 * the services that run the work on background tasks, and the remembered settings.
 */
public record DialogContext(Supplier<Window> owner, Messages messages, MainViewModel vm, StoreService storeService,
                            ImageTasks images, RegistryTasks registries, DesktopSettings settings) {
}
