"""Reading a slash command out of a message: Telegram's rule, in every face."""

from __future__ import annotations

from bot.commands import read_command


def test_a_command_is_its_name_its_addressee_and_the_rest_as_argument():
    command = read_command("/exams@qualbot_bot  护士 执业资格 ")
    assert (command.name, command.addressee, command.argument) == ("exams", "qualbot_bot", "护士 执业资格")


def test_a_command_name_ends_where_telegrams_command_characters_end():
    # a byte-order mark, an ideographic space or markup typed right after the command is no part of its name
    command = read_command("/start\ufeff\u3000</i>重新开始")
    assert command.name == "start"
    assert command.argument == "\ufeff\u3000</i>重新开始".strip()


def test_a_slash_before_no_command_characters_names_no_command():
    assert read_command("/考试时间").name == ""
    assert read_command("/").name == ""


def test_a_command_name_is_at_most_32_characters():
    assert read_command("/" + "a" * 40).name == "a" * 32


def test_an_unknown_command_echoes_only_its_name(assistant):
    reply = assistant.unknown_command(read_command("/nosuch\u3000</i>").name)
    assert reply.plain_text.startswith("没有 /nosuch 这个命令")
    assert "</i>" not in reply.plain_text
    assert assistant.unknown_command("").plain_text.startswith("没有这个命令")
