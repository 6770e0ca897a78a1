"""Custom actions of Trợ lý Dịch vụ công (rasa_sdk), one module per capability."""
