#!/usr/bin/env bash
# Put ScalingDesk in your application menu (Linux, per user, no root needed).
#
#   ./install.sh            check Qt's system libraries, copy the app to ~/.local/opt/ScalingDesk,
#                           add the menu entry, the icon, the `scalingdesk` command, the
#                           .scalingdesk file type and the scalingdesk:// link handler; says
#                           that the unpacked folder is no longer needed (--move removes it)
#   ./install.sh --move     the same, and remove the unpacked folder once it is copied
#   ./install.sh --here     the same, but run the app from where it was unpacked (no copy)
#   ./install.sh --check    only check the system libraries Qt needs, and say what to install
#   ./install.sh --uninstall
#
# Run it from the unpacked folder (ScalingDesk/install.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
PREFIX=${SCALINGDESK_PREFIX:-$HOME/.local/opt/ScalingDesk}
BIN_DIR=$HOME/.local/bin
MODE=copy
MOVE=0

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

case "${1:-}" in
  "") ;;
  --here) MODE=here ;;
  --move) MODE=copy; MOVE=1 ;;
  --check) MODE=check ;;
  --uninstall) MODE=uninstall ;;
  -h|--help) usage; exit 0 ;;
  *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac

# --- the system libraries Qt's xcb (X11) platform plugin needs --------------------------------------
# soname -> Debian/Ubuntu package, Fedora package, Arch package
LIB_TABLE="libxcb-cursor.so.0 libxcb-cursor0 xcb-util-cursor xcb-util-cursor
libxcb-icccm.so.4 libxcb-icccm4 xcb-util-wm xcb-util-wm
libxcb-keysyms.so.1 libxcb-keysyms1 xcb-util-keysyms xcb-util-keysyms
libxcb-image.so.0 libxcb-image0 xcb-util-image xcb-util-image
libxcb-render-util.so.0 libxcb-render-util0 xcb-util-renderutil xcb-util-renderutil
libxcb-randr.so.0 libxcb-randr0 libxcb libxcb
libxcb-shape.so.0 libxcb-shape0 libxcb libxcb
libxcb-xfixes.so.0 libxcb-xfixes0 libxcb libxcb
libxcb-xkb.so.1 libxcb-xkb1 libxcb libxcb
libxkbcommon-x11.so.0 libxkbcommon-x11-0 libxkbcommon-x11 libxkbcommon-x11
libxkbcommon.so.0 libxkbcommon0 libxkbcommon libxkbcommon
libEGL.so.1 libegl1 libglvnd-egl libglvnd
libGL.so.1 libgl1 libglvnd-glx libglvnd
libOpenGL.so.0 libopengl0 libglvnd-opengl libglvnd
libfontconfig.so.1 libfontconfig1 fontconfig fontconfig
libdbus-1.so.3 libdbus-1-3 dbus-libs dbus"

missing_libs() {
  # What the bundled xcb plugin (and Qt's GUI library) cannot find on this system.
  local plugin lib
  for plugin in "$HERE/_internal/PySide6/Qt/plugins/platforms/libqxcb.so" \
                "$HERE/_internal/PySide6/Qt/lib/libQt6XcbQpa.so.6" \
                "$HERE/_internal/PySide6/Qt/lib/libQt6Gui.so.6"; do
    [ -e "$plugin" ] || continue
    LD_LIBRARY_PATH="$HERE/_internal:$HERE/_internal/PySide6/Qt/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      ldd "$plugin" 2>/dev/null | awk '/not found/ {print $1}'
  done | sort -u
}

check_libs() {
  if ! command -v ldd >/dev/null 2>&1; then
    echo "note: ldd is not available, so the system libraries were not checked."
    return 0
  fi
  local missing
  missing=$(missing_libs)
  if [ -z "$missing" ]; then
    echo "ok: every system library Qt needs for X11/Wayland windows is present."
    return 0
  fi
  local deb="" rpm="" arch="" unknown="" soname row
  for soname in $missing; do
    row=$(printf '%s\n' "$LIB_TABLE" | awk -v s="$soname" '$1 == s')
    if [ -n "$row" ]; then
      deb="$deb $(echo "$row" | cut -d' ' -f2)"
      rpm="$rpm $(echo "$row" | cut -d' ' -f3)"
      arch="$arch $(echo "$row" | cut -d' ' -f4)"
    else
      unknown="$unknown $soname"
    fi
  done
  dedup() { tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' '; }
  echo "ScalingDesk needs system libraries that this computer lacks:"
  echo "  missing: $(echo $missing | tr '\n' ' ')"
  if [ -n "$deb" ]; then
    echo "Install them with your package manager, then run this script again:"
    echo "  Debian/Ubuntu:  sudo apt-get install $(echo "$deb" | dedup)"
    echo "  Fedora:         sudo dnf install $(echo "$rpm" | dedup)"
    echo "  Arch:           sudo pacman -S $(echo "$arch" | dedup)"
  fi
  [ -z "$unknown" ] || echo "  (also needed, package name unknown to this script:$unknown)"
  return 1
}

uninstall() {
  rm -f "$DATA/applications/scalingdesk.desktop" "$BIN_DIR/scalingdesk" \
        "$DATA/mime/packages/scalingdesk.xml"
  for size in 256 512; do rm -f "$DATA/icons/hicolor/${size}x${size}/apps/scalingdesk.png"; done
  rm -f "$DATA/icons/hicolor/scalable/apps/scalingdesk.svg"
  case "$PREFIX" in
    */ScalingDesk) rm -rf "$PREFIX" ;;
    *) echo "note: left $PREFIX in place (its name does not end in /ScalingDesk)";;
  esac
  refresh_caches
  echo "ScalingDesk removed from the menu."
}

refresh_caches() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" 2>/dev/null || true
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" 2>/dev/null || true
}

case "$MODE" in
  check) check_libs; exit $? ;;
  uninstall) uninstall; exit 0 ;;
esac

if [ ! -x "$HERE/scalingdesk" ]; then
  echo "install.sh: run me from the unpacked ScalingDesk folder ($HERE/scalingdesk is missing)" >&2
  exit 1
fi
libs_ok=1
check_libs || libs_ok=0

if [ "$MODE" = copy ] && [ "$HERE" != "$PREFIX" ]; then
  echo "copying the application to $PREFIX"
  mkdir -p "$(dirname "$PREFIX")"
  rm -rf "$PREFIX.new"
  cp -a "$HERE" "$PREFIX.new"
  rm -rf "$PREFIX"
  mv "$PREFIX.new" "$PREFIX"
  APP_DIR=$PREFIX
  if [ "$MOVE" = 1 ] && case "$PREFIX/" in "$HERE"/*) false ;; *) true ;; esac; then
    rm -rf "$HERE"
    echo "removed the unpacked folder $HERE (the copy in $PREFIX is the one that runs)"
  else
    LEFT="$HERE ($(du -sh "$HERE" 2>/dev/null | cut -f1) on disk)"
  fi
else
  APP_DIR=$HERE
fi

mkdir -p "$DATA/applications" "$BIN_DIR" "$DATA/mime/packages" "$DATA/icons/hicolor/scalable/apps"
for size in 256 512; do
  mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
  cp "$APP_DIR/scalingdesk-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/scalingdesk.png"
done
cp "$APP_DIR/scalingdesk.svg" "$DATA/icons/hicolor/scalable/apps/scalingdesk.svg"
ln -sfn "$APP_DIR/scalingdesk" "$BIN_DIR/scalingdesk"
# The menu entry runs the app by its absolute path, so ~/.local/bin need not be on PATH. The path
# is quoted only when it must be: xdg-open's generic mode (no desktop environment) takes the Exec
# line's first word as it stands, quotes and all.
case "$APP_DIR" in
  *[!A-Za-z0-9_./+-]*) EXEC_PATH="\"$APP_DIR/scalingdesk\"" ;;
  *) EXEC_PATH="$APP_DIR/scalingdesk" ;;
esac
sed -e "s|^Exec=.*|Exec=$EXEC_PATH %u|" -e "s|^TryExec=.*|TryExec=$APP_DIR/scalingdesk|" \
  "$APP_DIR/scalingdesk.desktop" > "$DATA/applications/scalingdesk.desktop"
cat > "$DATA/mime/packages/scalingdesk.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="application/x-scalingdesk">
    <comment>ScalingDesk scenario</comment>
    <sub-class-of type="application/json"/>
    <glob pattern="*.scalingdesk"/>
    <icon name="scalingdesk"/>
  </mime-type>
</mime-info>
XML
refresh_caches
# scalingdesk:// links (a click in a browser or a chat, xdg-open) open the app on that scenario.
if command -v xdg-mime >/dev/null 2>&1; then
  xdg-mime default scalingdesk.desktop x-scheme-handler/scalingdesk 2>/dev/null || true
  xdg-mime default scalingdesk.desktop application/x-scalingdesk 2>/dev/null || true
fi
echo "ScalingDesk is in your application menu (Education / Science); from a terminal: scalingdesk"
if [ -n "${LEFT:-}" ]; then
  echo "note: the unpacked folder $LEFT is no longer needed; remove it with: rm -rf '$HERE'"
  echo "      (or install with --move next time)"
fi
case ":$PATH:" in *":$BIN_DIR:"*) ;; *) echo "note: add $BIN_DIR to PATH to type 'scalingdesk' in a terminal";; esac
if [ "$libs_ok" = 0 ]; then
  echo "It will not open a window until the libraries listed above are installed."
  exit 1
fi
