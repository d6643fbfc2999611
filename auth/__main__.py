"""Command line: `python -m auth add-user NAME --role admin`, reset-password, set-role, remove, list."""

from __future__ import annotations

import argparse
import getpass
import sys

from auth.users import ROLES, AuthError, add_user, load_users, remove_user, reset_password, set_role


def _password(args: argparse.Namespace) -> str:
    """The new password: from stdin with --password-stdin, else asked twice at the prompt."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("รหัสผ่าน / Password: ")
    if getpass.getpass("ยืนยันรหัสผ่าน / Repeat password: ") != first:
        raise AuthError("รหัสผ่านสองครั้งไม่ตรงกัน", "the two passwords differ")
    return first


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m auth`."""
    parser = argparse.ArgumentParser(prog="python -m auth", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add-user", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    reset = sub.add_parser(
        "reset-password", help="set a new password (lifts sign-in waits, ends sessions)"
    )
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    role = sub.add_parser("set-role", help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    remove = sub.add_parser("remove-user", help="delete an account")
    remove.add_argument("username")
    sub.add_parser("list", help="list accounts and roles")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; 0 on success, 2 when refused."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "add-user":
            user = add_user(args.username, _password(args), args.role, args.name)
            print(f"เพิ่มผู้ใช้ {user.username} ({user.role}) แล้ว / added {user.username} ({user.role})")
        elif args.command == "reset-password":
            reset_password(args.username, _password(args))
            print(f"ตั้งรหัสผ่านใหม่ให้ {args.username} แล้ว / password reset for {args.username}")
        elif args.command == "set-role":
            set_role(args.username, args.role)
            print(f"{args.username}: {args.role}")
        elif args.command == "remove-user":
            remove_user(args.username)
            print(f"ลบ {args.username} แล้ว / removed {args.username}")
        else:
            for user in load_users().values():
                print(f"{user.username}\t{user.role}\t{user.display_name}")
    except AuthError as exc:
        sys.stderr.write(f"{exc.th} / {exc.en}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
