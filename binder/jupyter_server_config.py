# Jupyter server settings for Binder; binder/postBuild copies this file into the user's
# Jupyter config directory (`jupyter --config-dir`), where the server reads it at start.
#
# Binder gives 1-2 GB of memory and the seven lecture kernels together peak at about 1.5 GB,
# so a kernel nobody uses any more is shut down: one whose notebook has no open tab
# (cull_connected = False: an open lecture keeps its kernel however long you read) and that has
# run nothing for 10 minutes: the span after which Binder itself ends a whole session that
# nobody uses (an open browser window counts as use there too).
c = get_config()  # noqa: F821 (traitlets provides get_config when it loads this file)

c.MappingKernelManager.cull_idle_timeout = 600  # seconds without activity before shutdown
c.MappingKernelManager.cull_interval = 60  # look for idle kernels once a minute
c.MappingKernelManager.cull_connected = False  # never cull a kernel with an open notebook tab
c.MappingKernelManager.cull_busy = False  # never cull a kernel that is still computing

# Kernel messages reach the page as they come: helpers/server.py turns Nagle's algorithm off on
# the kernel websocket (with it on, every slider move waits about 40 ms on the way to the page).
c.ServerApp.kernel_websocket_connection_class = "helpers.server.PromptKernelConnection"
