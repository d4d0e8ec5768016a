#!/bin/sh
# Installs the help desk on Debian 12, as root, from this repository:
#   sudo sh deploy/install.sh
# Run it again after an update: every step checks what is there first (idempotent).
# What it does: Debian's packages; the user `kiosk`; the program in a venv under
# /opt/wuliu-kiosk with `kiosk` on everyone's PATH (/usr/local/bin); the desk's configuration
# in /etc/wuliu-kiosk and its scripts in /usr/local/lib/wuliu-kiosk; no login prompt on other
# VTs, no SysRq; the unit that starts the desk at boot. It does not set the staff passcode
# (it asks for one only a person should choose): the last lines say how.
set -eu
[ "$(id -u)" = 0 ] || { echo "请用 root 运行：sudo sh $0 / run as root" >&2; exit 1; }
repo="$(cd "$(dirname "$0")/.." && pwd)"
here="$repo/deploy"

echo "1/6 packages"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  sway foot fcitx5 fcitx5-pinyin dbus dbus-user-session \
  fonts-dejavu-core fonts-noto-cjk fonts-wqy-zenhei python3-venv \
  cups-client libcairo2 poppler-utils

echo "2/6 the kiosk user"
id kiosk >/dev/null 2>&1 || adduser --disabled-password --gecos "" kiosk
# The screen and the keyboard come with the login session (logind); these groups are for a
# machine without logind's seat handling.
for g in video input render; do getent group "$g" >/dev/null && adduser kiosk "$g" >/dev/null; done

echo "3/6 the program: /opt/wuliu-kiosk, kiosk on PATH"
# Debian's own python3, named in full: a python3 earlier on root's PATH (pyenv, under /root)
# is one the kiosk user cannot run. A venv made from another python is made again.
case "$(readlink -f /opt/wuliu-kiosk/venv/bin/python3 2>/dev/null)" in
  /usr/bin/python3*) ;;
  *) rm -rf /opt/wuliu-kiosk/venv; /usr/bin/python3 -m venv /opt/wuliu-kiosk/venv ;;
esac
/opt/wuliu-kiosk/venv/bin/pip install -q --upgrade pip
/opt/wuliu-kiosk/venv/bin/pip install -q --upgrade "$repo"
ln -sf /opt/wuliu-kiosk/venv/bin/kiosk /usr/local/bin/kiosk

echo "4/6 the desk: /etc/wuliu-kiosk, /usr/local/lib/wuliu-kiosk"
install -d -m 755 /etc/wuliu-kiosk /etc/wuliu-kiosk/fcitx5 /etc/wuliu-kiosk/fcitx5/conf /usr/local/lib/wuliu-kiosk
install -m 644 "$here/desk/sway.conf" "$here/desk/foot.ini" /etc/wuliu-kiosk/
install -m 644 "$here/desk/fcitx5/profile" "$here/desk/fcitx5/config" /etc/wuliu-kiosk/fcitx5/
install -m 644 "$here/desk/fcitx5/conf/pinyin.conf" /etc/wuliu-kiosk/fcitx5/conf/
install -m 755 "$here/bin/desk-session" "$here/bin/fcitx5-loop" "$here/bin/terminal-loop" "$here/bin/kiosk-loop" \
  /usr/local/lib/wuliu-kiosk/
foot --check-config -c /etc/wuliu-kiosk/foot.ini 2>/dev/null || { echo "foot.ini: foot --check-config failed" >&2; exit 1; }

echo "5/6 no way out: other VTs, SysRq"
install -d /etc/systemd/logind.conf.d /etc/sysctl.d
install -m 644 "$here/desk/logind-kiosk.conf" /etc/systemd/logind.conf.d/wuliu-kiosk.conf
install -m 644 "$here/desk/sysctl-kiosk.conf" /etc/sysctl.d/90-wuliu-kiosk.conf
sysctl -q -p /etc/sysctl.d/90-wuliu-kiosk.conf 2>/dev/null || true  # in a container: at the next boot

echo "6/6 start at boot"
install -m 644 "$here/wuliu-kiosk.service" /etc/systemd/system/wuliu-kiosk.service
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl disable getty@tty1.service 2>/dev/null || true
  systemctl enable wuliu-kiosk.service
  systemctl set-default graphical.target
else  # no running systemd (a container, a chroot): the links are made for the next boot
  systemctl enable wuliu-kiosk.service 2>/dev/null || ln -sf /etc/systemd/system/wuliu-kiosk.service \
    /etc/systemd/system/graphical.target.wants/wuliu-kiosk.service 2>/dev/null || true
fi

cat <<'NEXT'

Installed. Next, as root:
  runuser -u kiosk -- kiosk staff set-passcode          # asked twice, at least 8 characters
  runuser -u kiosk -- kiosk staff set-retention 180d    # what your data-protection rules say
  kiosk doctor --user kiosk                             # every item ok, or what to do
  systemctl start wuliu-kiosk                           # or reboot: the desk starts by itself
NEXT
